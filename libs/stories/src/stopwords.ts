// Words that say nothing about which event an article reports: English function words, reporting verbs,
// calendar words (every news article has a weekday; it does not tell one story from another) and the words of
// time stamps and page furniture ("Updated 1:12 PM ET"). Also used to
// reject capitalised sentence openers ("The", "But", "Monday") as proper nouns.
const WORDS = `a about above after again against ago all almost along already also although always am among an and
another any anyone anything are around as at away back be became because become been before being below between
both but by can cannot could did do does doing done down during each either else enough even ever every few for
from further get gets got had has have having he her here hers herself him himself his how however i if in into
is it its itself just last least less like made make many may me might more most much must my myself near need
neither never new next no nor not now of off often on once one only or other others our ours ourselves out over
own per perhaps rather really same several shall she should since so some still such than that the their theirs
them themselves then there these they this those though through thus to too toward towards under until up upon
us very was we well were what whatever when where whether which while who whom whose why will with within without
would yet you your yours yourself yourselves
said says say saying told tell tells according reported reports report added asked called including
mr mrs ms dr st i'm i'd i've i'll it's
am pm et est edt cst cdt pst pdt gmt bst cet ist utc updated posted published share comments
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight week weeks weekend
year years month months day days time times
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec`;

export const STOPWORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter((w) => w.length > 0));
