/* Reads one message per line on stdin and prints "label<TAB>probability".
 * Build: cc classify_stdin.c $(pkg-config --cflags --libs meetintent) */
#include <stdio.h>
#include <string.h>

#include "meetintent/meetintent.h"

int main(void) {
  if (MI_ABI_CHECK() != MI_OK) {
    fprintf(stderr, "meetintent: %s\n", mi_last_error_message());
    return 1;
  }
  mi_model* model = NULL;
  if (mi_model_load_default(&model) != MI_OK) {
    fprintf(stderr, "meetintent: %s\n", mi_last_error_message());
    return 1;
  }
  char line[65536];
  while (fgets(line, sizeof(line), stdin) != NULL) {
    size_t len = strlen(line);
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
    int32_t label;
    float probs[16];
    size_t n = 0;
    const char* name = "?";
    if (mi_model_num_labels(model, &n) != MI_OK || n > 16 ||
        mi_classify(model, line, len, &label, probs, 16) != MI_OK ||
        mi_model_label(model, (size_t)label, &name) != MI_OK) {
      fprintf(stderr, "meetintent: %s\n", mi_last_error_message());
      mi_model_free(model);
      return 1;
    }
    printf("%s\t%.3f\n", name, probs[label]);
  }
  mi_model_free(model);
  return 0;
}
