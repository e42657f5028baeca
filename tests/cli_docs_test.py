#!/usr/bin/python3
"""Keeps the CLI's documents in step with the tool itself.

  - Every option a command's --help lists is documented in docs/meetintent.1,
    in a section for that command (or under "Common options"), with the same
    value name and the same default; and the man page documents no option the
    command does not have.
  - Every command is in the man page's SYNOPSIS and COMMANDS.
  - Every flag of data/default_model_recipe.cmake is what 'train --help'
    shows as the default, and 'meetintent train' with no options trains the
    build's default model byte for byte.
  - Every 'build/meetintent ...' line of the README's "Command line" section
    runs and exits 0.

Usage: cli_docs_test.py CLI SOURCE_DIR DEFAULT_MODEL
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile

HELP_OPTION = re.compile(r"^  (-\S+)(?: (\S+))?(?:\s{2,}(.*))?$")
DEFAULT = re.compile(r"\((?:default:? ([^()]+?)|the default)\)")


def run(cli, *args):
    done = subprocess.run([cli, *args], capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise AssertionError(f"meetintent {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def default_of(text):
    """'(default 10)' -> '10', '(the default)' -> 'the default', none -> None."""
    m = DEFAULT.search(" ".join(text.split()))
    if not m:
        return None
    return m.group(1) if m.group(1) is not None else "the default"


def help_options(cli, command):
    """{option: (value name or None, default or None)} from 'command --help'."""
    lines = run(cli, command, "--help").split("\n")
    options, current = {}, None
    for line in lines[lines.index("options:") + 1:]:
        m = HELP_OPTION.match(line)
        if m:
            current = m.group(1)
            options[current] = [m.group(2), m.group(3) or ""]
        elif line.startswith(" " * 26) and current:
            options[current][1] += " " + line.strip()
    return {name: (value, default_of(text)) for name, (value, text) in options.items()}


def commands(cli):
    lines = run(cli, "--help").split("\n")
    start = lines.index("commands:") + 1
    names = []
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        names.append(line.split()[0])
    return [n for n in names if n != "version"]


def troff_text(s):
    """Roughly what man shows for a line of troff."""
    s = re.sub(r"^\.(?:B|I|BI|IB|BR|RB|IR|RI)\s+", "", s)
    s = re.sub(r"\\f[BIRP]", "", s)
    s = s.replace("\\-", "-").replace("\\(rs", "\\").replace("\\(dq", '"').replace("\\(em", "-")
    return s.replace('"', "")  # .BI \-\-l2 " X" -> --l2  X


def man_sections(man):
    """{section heading: {option: (value name or None, entry text)}} under OPTIONS."""
    sections, heading, entry, in_options = {}, None, None, False
    lines = man.split("\n")
    for i, line in enumerate(lines):
        if line.startswith(".SH"):
            in_options = line.strip() == ".SH OPTIONS"
            heading = None
        elif in_options and line.startswith(".SS"):
            heading = line[4:].strip()
            sections[heading] = {}
        elif in_options and heading and line.startswith(".TP") and i + 1 < len(lines):
            words = troff_text(lines[i + 1]).split()
            entry = [words[0], words[1] if len(words) > 1 else None, []]
            sections[heading][entry[0]] = entry
        elif in_options and heading and entry and not line.startswith("."):
            entry[2].append(troff_text(line))
        elif in_options and heading and entry and re.match(r"^\.(B|I|BR|RB|IR|RI|BI|IB) ", line):
            entry[2].append(troff_text(line))
    return {h: {o: (v, " ".join(text)) for o, (_, v, text) in opts.items()}
            for h, opts in sections.items()}


def check_man_page(cli, source):
    man = open(os.path.join(source, "docs/meetintent.1"), encoding="utf-8").read()
    sections = man_sections(man)
    common = sections.get("Common options", {})
    errors = []
    synopsis = man[man.index(".SH SYNOPSIS"):man.index(".SH DESCRIPTION")]
    described = man[man.index(".SH COMMANDS"):man.index(".SH OPTIONS")]
    for command in commands(cli):
        if f".B meetintent {command}" not in synopsis:
            errors.append(f"SYNOPSIS lacks '{command}'")
        if f".TP\n.B {command}\n" not in described:
            errors.append(f"COMMANDS lacks '{command}'")
        own = {}
        for heading, options in sections.items():
            if command in [h.strip() for h in heading.split(",")]:
                own.update(options)
        for option, (value, default) in help_options(cli, command).items():
            documented = own.get(option) or common.get(option)
            if documented is None:
                errors.append(f"{command} {option}: not in the man page")
                continue
            man_value, text = documented
            if man_value != value:
                errors.append(f"{command} {option}: value '{man_value}' in the man page, "
                              f"'{value}' in --help")
            if default_of(text) != default:
                errors.append(f"{command} {option}: default '{default_of(text)}' in the man "
                              f"page, '{default}' in --help")
        for option in own:
            if option not in help_options(cli, command):
                errors.append(f"{command} {option}: in the man page, not in --help")
    return errors


def as_numbers(text):
    """'1e-2' and '0.01' alike; '3,5' as [3, 5]; words as they are."""
    try:
        return [float(x) for x in text.split(",")]
    except ValueError:
        return text


def check_recipe(cli, source):
    """data/default_model_recipe.cmake must only restate train's defaults."""
    text = open(os.path.join(source, "data/default_model_recipe.cmake"), encoding="utf-8").read()
    body = re.search(r"set\(MEETINTENT_DEFAULT_RECIPE(.*?)\)", text, re.S).group(1)
    words = [w for line in body.split("\n") for w in line.split("#")[0].split()]
    options = help_options(cli, "train")
    errors = []
    for i, word in enumerate(words):
        if not word.startswith("--"):
            continue
        if word not in options:
            errors.append(f"recipe {word}: not an option of train")
            continue
        value, default = options[word]
        if value is None:
            if default != "the default":
                errors.append(f"recipe {word}: a flag, but not what train does by default")
        elif as_numbers(words[i + 1]) != as_numbers(default or ""):
            errors.append(f"recipe {word} {words[i + 1]}: train's default is {default}")
    return errors


def check_trains_default_model(cli, source, default_model):
    with tempfile.TemporaryDirectory() as work:
        model = os.path.join(work, "m.mim")
        run(cli, "train", "--quiet", "--output", model,
            os.path.join(source, "data/default_train.tsv"))
        with open(model, "rb") as a, open(default_model, "rb") as b:
            if a.read() != b.read():
                return [f"'train' with no options does not give {default_model}"]
    return []


def readme_examples(source):
    readme = open(os.path.join(source, "README.md"), encoding="utf-8").read()
    section = readme[readme.index("## Command line"):]
    section = section[:section.index("\n## ", 3)]
    examples = []
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        for line in block.split("\n"):
            if "build/meetintent" in line:
                examples.append(re.sub(r"\s+#.*$", "", line).strip())
    return examples


def check_readme(cli, source):
    errors = []
    examples = readme_examples(source)
    if not examples:
        return ["README: no 'build/meetintent' examples in the Command line section"]
    with tempfile.TemporaryDirectory() as work:
        # Run from a scratch folder that sees the repository's data, so that
        # files the examples write (my.mim) land there.
        os.symlink(os.path.join(os.path.abspath(source), "data"), os.path.join(work, "data"))
        os.mkdir(os.path.join(work, "build"))
        os.symlink(os.path.abspath(cli), os.path.join(work, "build", "meetintent"))
        for example in examples:
            done = subprocess.run(["bash", "-o", "pipefail", "-c", example], cwd=work,
                                  capture_output=True, text=True, timeout=120)
            if done.returncode != 0:
                errors.append(f"README example exited {done.returncode}: {example}\n"
                              f"    {done.stderr.strip()}")
    return errors


def main():
    cli, source, default_model = sys.argv[1:4]
    errors = (check_man_page(cli, source) + check_recipe(cli, source) +
              check_trains_default_model(cli, source, default_model) + check_readme(cli, source))
    for e in errors:
        print("FAIL", e)
    checked = len(readme_examples(source))
    print(f"{'1 failed' if errors else '1 passed'}, {len(errors)} problems "
          f"({checked} README examples run)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
