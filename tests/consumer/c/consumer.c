/* A C program built against an installed meetintent with pkg-config:
 *   cc -std=c99 consumer.c $(pkg-config --cflags --libs meetintent)
 * Prints "label probability" for each argument. Exit 1 on any failure. */
#include <stdio.h>
#include <string.h>

#include <meetintent/meetintent.h>

int main(int argc, char** argv) {
  mi_model* model = NULL;
  if (MI_ABI_CHECK() != MI_OK || mi_model_load_default(&model) != MI_OK) {
    fprintf(stderr, "consumer_c: %s\n", mi_last_error_message());
    return 1;
  }
  printf("libmeetintent %s (header %s)\n", mi_version_string(), MEETINTENT_VERSION_STRING);
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    int32_t label = -1;
    float probs[2];
    const char* name = NULL;
    if (mi_classify(model, argv[i], strlen(argv[i]), &label, probs, 2) != MI_OK ||
        mi_model_label(model, (size_t)label, &name) != MI_OK) {
      fprintf(stderr, "consumer_c: %s\n", mi_last_error_message());
      status = 1;
      break;
    }
    printf("%s %.3f\n", name, probs[label]);
  }
  mi_model_free(model);
  return status;
}
