#!/usr/bin/python3
"""Validates written corpus files: python3 check.py FILE..."""
import collections, sys

TOPICS = """networking_followup coffee_invite lunch_invite drinks_invite dinner_invite
informational_interview referral introduction agenda scheduling rescheduling minutes
client_dinner team_dinner personal_question date_invite romantic_interest quid_pro_quo
friends_logistics family_logistics condolence congratulation hard_warm_professional
hard_personal_business_words dialogue_personal dialogue_work office_email
personal_email""".split()
ok = True
for path in sys.argv[1:]:
    seen = set()
    counts = collections.Counter()
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n")
        if header != "label\tlang\tgenre\ttopic\ttext":
            print(f"{path}: bad header {header!r}"); ok = False; continue
        for n, line in enumerate(f, 2):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 5:
                print(f"{path}:{n}: expected 5 fields, got {len(parts)}"); ok = False; continue
            label, lang, genre, topic, text = parts
            if label not in ("personal", "professional"): print(f"{path}:{n}: label {label!r}"); ok = False
            if lang not in "en es fr de pt it zh ja th ko".split(): print(f"{path}:{n}: lang {lang!r}"); ok = False
            if genre not in ("email", "chat"): print(f"{path}:{n}: genre {genre!r}"); ok = False
            if topic not in TOPICS: print(f"{path}:{n}: topic {topic!r}"); ok = False
            if len(text.strip()) < 3: print(f"{path}:{n}: empty text"); ok = False
            if text in seen: print(f"{path}:{n}: duplicate text"); ok = False
            seen.add(text)
            counts[(lang, label)] += 1
    print(path, dict(counts), "total", sum(counts.values()))
sys.exit(0 if ok else 1)
