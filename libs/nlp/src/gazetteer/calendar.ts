// Month and weekday names (and their abbreviations): capitalised, often sentence-initial, never an entity.
export const CALENDAR = `
January|February|March|April|May|June|July|August|September|October|November|December|Jan|Jan.|Feb|Feb.|Mar.|
Apr|Apr.|Jun.|Jul.|Aug|Aug.|Sep|Sep.|Sept|Sept.|Oct|Oct.|Nov|Nov.|Dec|Dec.|Monday|Tuesday|Wednesday|Thursday|
Friday|Saturday|Sunday|Mon.|Tue.|Tues.|Wed.|Thu.|Thur.|Thurs.|Fri.|Sat.|Sun.|Christmas|Easter|Ramadan`;
