#include "test_util.h"

#include "meetintent/model_builder.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "hash.h"
#include "meetintent/train.h"

namespace meetintent {
namespace testing {

std::string SharedDataDir() {
  struct stat st;
  if (stat(MEETINTENT_SHARED_DATA_DIR, &st) == 0 && S_ISDIR(st.st_mode)) {
    return MEETINTENT_SHARED_DATA_DIR;
  }
  return "";
}

std::vector<std::string> AllSharedMessages() {
  std::vector<std::string> out;
  const std::string root = SharedDataDir();
  if (root.empty()) return out;
  DIR* top = opendir(root.c_str());
  if (top == nullptr) return out;
  while (dirent* d = readdir(top)) {
    const std::string sub = d->d_name;
    if (sub == "." || sub == "..") continue;
    DIR* dir = opendir((root + "/" + sub).c_str());
    if (dir == nullptr) continue;
    while (dirent* f = readdir(dir)) {
      const std::string name = f->d_name;
      if (name.size() < 4 || name.compare(name.size() - 4, 4, ".tsv") != 0) continue;
      std::vector<Example> examples;
      if (ParseTsv(ReadFile(root + "/" + sub + "/" + name), name, &examples).ok()) {
        for (Example& e : examples) out.push_back(std::move(e.text));
      }
    }
    closedir(dir);
  }
  closedir(top);
  return out;
}

std::string UnescapeNewlines(const std::string& line) {
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += line[i];
    }
  }
  return out;
}

std::unique_ptr<Model> DefaultModel() {
  std::unique_ptr<Model> m;
  EXPECT_TRUE(Model::LoadDefault(&m).ok());
  return m;
}

std::vector<ThreadMessage> MakeThread(std::vector<std::pair<std::string, std::string>> messages) {
  std::vector<ThreadMessage> out;
  for (auto& [sender, text] : messages) out.push_back({sender, -1, std::move(text)});
  return out;
}

std::vector<Example> ToyExamples() {
  const char* personal[] = {
      "want to grab dinner, just the two of us?", "are you seeing anyone? you looked amazing",
      "miss you! movie night at my place saturday?", "happy birthday mom, see you sunday",
      "can't wait for our date tonight 😍", "drinks after work, only us? you're cute",
      "my sister's wedding is next month, come with me?", "let's get brunch with the kids",
      "thinking about you all day", "are you single? coffee sometime, just us",
      "dinner with my parents friday?", "i had a great time on our date",
  };
  const char* professional[] = {
      "can we move the quarterly review to thursday at 3pm?",
      "attached is the agenda for tomorrow's client meeting",
      "following up on our chat at the conference about the analyst role",
      "could you introduce me to the hiring manager for the data team?",
      "team lunch to celebrate the product launch on friday",
      "please send the revised contract before the board meeting",
      "coffee next week to discuss the partnership proposal?",
      "the project kickoff is rescheduled to monday morning",
      "thanks for the referral, the interview went well",
      "minutes from today's budget meeting are in the shared drive",
      "dinner with the client in berlin to close the deal",
      "can you review my slides for the investor pitch?",
  };
  std::vector<Example> out;
  for (const char* p : personal) out.push_back({"personal", p});
  for (const char* p : professional) out.push_back({"professional", p});
  return out;
}

std::unique_ptr<Model> ToyModel(int bits, bool lexicon) {
  TrainOptions o;
  o.features.hash_bits = bits;
  o.default_lexicon = lexicon;
  o.validation_fraction = 0;
  o.epochs = 20;
  std::unique_ptr<Model> m;
  Status s = Train(o, ToyExamples(), &m, nullptr);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return m;
}

FeatureOptions TinyFeatures() {
  FeatureOptions o;
  o.hash_bits = 10;
  o.max_word_ngram = 1;
  o.min_char_ngram = 0;
  o.max_char_ngram = 0;
  return o;
}

std::unique_ptr<Model> Quantized(const Model& m) {
  std::unique_ptr<ModelBuilder> b;
  EXPECT_TRUE(ModelBuilder::FromModel(m, &b).ok());
  std::unique_ptr<Model> q;
  Status s = b->Build(/*quantize=*/true, &q);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return q;
}

std::string ResealModel(std::string bytes) {
  const uint64_t h = Hash64(bytes.data(), bytes.size() - 8, 0);
  for (int i = 0; i < 8; ++i) bytes[bytes.size() - 8 + i] = static_cast<char>(h >> (8 * i));
  return bytes;
}

std::string TempPath(const std::string& suffix) {
  static std::atomic<int> counter{0};
  const char* tmp = getenv("TMPDIR");
  return std::string(tmp ? tmp : "/tmp") + "/meetintent_test_" + std::to_string(getpid()) + "_" +
         std::to_string(counter++) + suffix;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

}  // namespace testing
}  // namespace meetintent
