/* A C program built against an installed libmeetintent_mail: reads the
 * messages of each PATH and prints "LABEL PROBABILITY" per message. */
#include <stdio.h>
#include <string.h>

#include "meetintent/mail_c.h"
#include "meetintent/meetintent.h"

int main(int argc, char** argv) {
  mi_model* model = NULL;
  if (mi_model_load_default(&model) != MI_OK) {
    fprintf(stderr, "load: %s\n", mi_last_error_message());
    return 1;
  }
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    mi_mail_reader* reader = NULL;
    const mi_mail_message* m = NULL;
    if (mi_mail_reader_open(argv[i], &reader) != MI_OK) {
      fprintf(stderr, "%s: %s\n", argv[i], mi_mail_last_error_message());
      status = 1;
      continue;
    }
    while (mi_mail_reader_next(reader, &m) == MI_OK && m != NULL) {
      mi_result r;
      memset(&r, 0, sizeof r);
      r.struct_size = sizeof r;
      float probs[8];
      if (mi_mail_classify(model, m, &r, probs, 8) != MI_OK) {
        fprintf(stderr, "classify: %s\n", mi_mail_last_error_message());
        status = 1;
        break;
      }
      const char* name = "?";
      if (r.label >= 0) mi_model_label(model, (size_t)r.label, &name);
      printf("%s %.3f\n", name, r.probability);
    }
    mi_mail_reader_free(reader);
  }
  mi_model_free(model);
  return status;
}
