/* What a chat app does with meetintent: load the model once at start-up, then
 * classify incoming messages from several threads at once (one mi_model, no
 * locking: a model is immutable), and show why a message was labelled as it
 * was (mi_explain) when the user asks.
 *
 * Build against an installed library:
 *   cc -std=c99 chat_app.c $(pkg-config --cflags --libs meetintent) -pthread
 * Run:  chat_app [MESSAGE...]    (without arguments: a built-in conversation)
 * Prints one "#index label probability<TAB>message" line per message, in
 * input order, then the explanation of the first message. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meetintent/meetintent.h"

#define NUM_THREADS 4
#define MAX_LABELS 16

static const char* const kConversation[] = {
    "Coffee next week to talk about the role?",
    "Dinner tonight, just the two of us?",
    "Can we move the quarterly review to Thursday 3pm?",
    "Miss you! Drinks at my place on Saturday?",
    "Please find the agenda for tomorrow's client call attached.",
    "Want to grab brunch with my parents on Sunday?",
    "Let's sync on the Q3 roadmap before the board meeting.",
    "Movie night at ours? Bring the kids!",
};

typedef struct result {
  int32_t label;
  float probability;
  mi_status status;
} result;

typedef struct job {
  const mi_model* model;  /* shared by every thread */
  const char* const* messages;
  result* results;
  size_t count;
  size_t first;           /* this thread handles first, first + stride, ... */
  size_t stride;
} job;

static void* classify_worker(void* arg) {
  const job* j = (const job*)arg;
  for (size_t i = j->first; i < j->count; i += j->stride) {
    float probs[MAX_LABELS];
    result* r = &j->results[i];
    r->status = mi_classify(j->model, j->messages[i], strlen(j->messages[i]), &r->label, probs,
                            MAX_LABELS);
    r->probability = r->status == MI_OK ? probs[r->label] : 0.0f;
    if (r->status != MI_OK) {
      /* The message is per thread: report it from the thread that failed. */
      fprintf(stderr, "chat_app: message %zu: %s\n", i, mi_last_error_message());
    }
  }
  return NULL;
}

static const char* label_name(const mi_model* model, int32_t label) {
  const char* name = "?";
  if (label < 0 || mi_model_label(model, (size_t)label, &name) != MI_OK) return "?";
  return name;
}

/* Prints why the model labelled `text` as it did: the words that pushed
 * toward the label and those that pushed against it, with their spans. */
static int show_explanation(const mi_model* model, const char* text) {
  mi_explanation* e = NULL;
  size_t length = strlen(text);
  if (mi_explain(model, text, length, 3, &e) != MI_OK) {
    fprintf(stderr, "chat_app: %s\n", mi_last_error_message());
    return 1;
  }
  int32_t label;
  float probability;
  size_t count = 0;
  if (mi_explanation_label(e, &label, &probability) != MI_OK ||
      mi_explanation_count(e, &count) != MI_OK) {
    fprintf(stderr, "chat_app: %s\n", mi_last_error_message());
    mi_explanation_free(e);
    return 1;
  }
  printf("why \"%s\" is %s (%.3f):\n", text, label_name(model, label), probability);
  for (size_t i = 0; i < count; ++i) {
    mi_contribution c;
    memset(&c, 0, sizeof c);
    c.struct_size = sizeof c; /* lets the struct grow in later 1.x versions */
    if (mi_explanation_get(e, i, &c) != MI_OK) {
      fprintf(stderr, "chat_app: %s\n", mi_last_error_message());
      mi_explanation_free(e);
      return 1;
    }
    printf("  %s %+.3f  %-16s \"%.*s\"\n", c.supports ? "for    " : "against", c.weight,
           c.feature, (int)(c.end - c.begin), text + c.begin);
  }
  mi_explanation_free(e);
  return 0;
}

int main(int argc, char** argv) {
  /* Once, at start-up: is the library the one this program was built for? */
  if (MI_ABI_CHECK() != MI_OK) {
    fprintf(stderr, "chat_app: %s\n", mi_last_error_message());
    return 1;
  }
  mi_model* model = NULL;
  if (mi_model_load_default(&model) != MI_OK) {
    fprintf(stderr, "chat_app: %s\n", mi_last_error_message());
    return 1;
  }
  size_t num_labels = 0;
  if (mi_model_num_labels(model, &num_labels) != MI_OK || num_labels > MAX_LABELS) {
    fprintf(stderr, "chat_app: unexpected model (%zu labels)\n", num_labels);
    mi_model_free(model);
    return 1;
  }

  const char* const* messages = kConversation;
  size_t count = sizeof kConversation / sizeof kConversation[0];
  if (argc > 1) {
    messages = (const char* const*)(argv + 1);
    count = (size_t)(argc - 1);
  }
  result* results = calloc(count, sizeof *results);
  if (results == NULL) {
    fprintf(stderr, "chat_app: out of memory\n");
    mi_model_free(model);
    return 1;
  }

  /* The chat app's message handlers: several threads, one model. */
  pthread_t threads[NUM_THREADS];
  job jobs[NUM_THREADS];
  size_t started = 0;
  for (size_t t = 0; t < NUM_THREADS; ++t) {
    jobs[t].model = model;
    jobs[t].messages = messages;
    jobs[t].results = results;
    jobs[t].count = count;
    jobs[t].first = t;
    jobs[t].stride = NUM_THREADS;
    if (pthread_create(&threads[t], NULL, classify_worker, &jobs[t]) != 0) {
      fprintf(stderr, "chat_app: cannot start a thread; classifying on this one\n");
      classify_worker(&jobs[t]);
      continue;
    }
    started |= (size_t)1 << t;
  }
  for (size_t t = 0; t < NUM_THREADS; ++t) {
    if (started & ((size_t)1 << t)) pthread_join(threads[t], NULL);
  }

  int failed = 0;
  for (size_t i = 0; i < count; ++i) {
    if (results[i].status != MI_OK) {
      failed = 1;
      continue;
    }
    printf("#%zu %s %.3f\t%s\n", i, label_name(model, results[i].label),
           results[i].probability, messages[i]);
  }
  if (!failed && count > 0) failed = show_explanation(model, messages[0]);

  free(results);
  mi_model_free(model);
  return failed;
}
