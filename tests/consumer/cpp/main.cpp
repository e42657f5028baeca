// Classifies each argument with the C++ API of an installed meetintent and
// prints "label probability". Exit 1 on any failure.
#include <iostream>
#include <memory>

#include "meetintent/model.h"
#include "meetintent/version.h"

int main(int argc, char** argv) {
  std::unique_ptr<meetintent::Model> model;
  meetintent::Status status = meetintent::Model::LoadDefault(&model);
  if (!status.ok()) {
    std::cerr << "consumer_cpp: " << status.ToString() << "\n";
    return 1;
  }
  std::cout << "meetintent " << MEETINTENT_VERSION_STRING << " (C++ API, static)\n";
  meetintent::Workspace workspace;
  meetintent::Prediction prediction;
  for (int i = 1; i < argc; ++i) {
    model->Predict(argv[i], &workspace, &prediction);
    if (prediction.label < 0) return 1;
    std::cout << model->labels()[prediction.label] << " "
              << prediction.probabilities[prediction.label] << "\n";
  }
  return 0;
}
