#!/usr/bin/python3
"""test/text/aspects_ref.py: expected values of sql/text/aspects.sql.

The compound of every sentence comes from NLTK's VADER with the documented
differences D1-D4 (test/text/vader_gen.py, class Vader33), rounded to 4
decimals; which aspect each sentence is about is checked by hand in the test
(the stems are Snowball English's, NLTK's SnowballStemmer("english") gives
the same for the words used: printed below)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vader_gen import Vader33, nltk_lexicon_file  # noqa: E402
from nltk.stem.snowball import SnowballStemmer   # noqa: E402

v = Vader33(nltk_lexicon_file())
SENTENCES = [
    "The delivery was fast and the packaging was perfect.",
    "The support agent was rude and unhelpful!",
    "Quality is great, but the size is wrong.",
    "I love the colour.",
    "It was delivered two days late",
    "The parcel arrives damaged.",
    "Customer service never answered my emails.",
    "Great product, terrible shipping!!",
    "Shipping was slow.",
    "Refund took ages.",
    "The item is fine.",
    "Horrible fabric, the stitching is poor.",
    "The courier was friendly.",
    "Way too expensive for what it is.",
    "Fair price, good value.",
]
for s in SENTENCES:
    print(f"{v.polarity_scores(s)['compound']:.4f}  {s}")
st = SnowballStemmer("english")
print(" ".join(f"{w}->{st.stem(w)}" for w in
               ["delivered", "delivery", "deliver", "arrives", "arrived", "emails", "email",
                "answered", "shipping", "ship", "packaging", "package", "stitching"]))
