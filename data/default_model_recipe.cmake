# The default model's training options (trainer CLI flags). Changing them
# changes the embedded model; the measurements behind each choice are in
# docs/model-card.md.
set(MEETINTENT_DEFAULT_RECIPE
  --seed 1
  --epochs 10
  --hash-bits 20
  --quantize
  --char-ngrams 3,5
  --word-ngrams 2
  --l2 1e-2
  --keep-quotes
  --validation 0.1
  --average 9
)
