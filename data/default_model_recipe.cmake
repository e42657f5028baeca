# The default model's training options (trainer CLI flags). Changing them
# changes the embedded model; record measured effects in docs/model-card.md.
set(MEETINTENT_DEFAULT_RECIPE
  --seed 1
  --epochs 10
  --hash-bits 20
  --quantize
  --char-ngrams 3,5
  --word-ngrams 2
  --validation 0.1
)
