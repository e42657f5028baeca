# The quid-pro-quo scorers' training options (trainer CLI flags), one model
# per head (data/qpq_model/<head>.tsv). Changing them changes the embedded
# scorers; the measurements behind the choice are in README.md
# ("Conversations: drift and quid pro quo"). Words, bigrams and word clusters
# only: character n-grams cost a second full pass over every message and
# did not help on the design threads.
set(MEETINTENT_QPQ_RECIPE
  --seed 1
  --epochs 30
  --patience 30
  --hash-bits 17
  --quantize
  --char-ngrams 0,0
  --word-ngrams 2
  --l2 1e-4
  --keep-quotes
  --validation 0.1
  --average 3
)
set(MEETINTENT_QPQ_HEADS offer benefit ask link)
