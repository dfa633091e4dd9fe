// Given names (a feature: "a known first name before a capitalised word is a person"), and the titles and
// honorifics that precede names — used both as a tagger feature and to strip titles during canonicalization.

export const FIRST_NAMES = `
Aaron|Abdul|Abdullah|Abraham|Adam|Adrian|Ahmed|Ahmad|Alan|Albert|Alberto|Alex|Alexander|Alexandre|Alexei|Alexey|
Alfred|Ali|Alice|Alison|Amanda|Amy|Ana|Anatoly|Andrea|Andreas|Andrei|Andrew|Andriy|Andrzej|Angela|Ann|Anna|Anne|
Anthony|Antonio|Anton|Arnold|Arthur|Barbara|Barack|Ben|Benjamin|Bernard|Bill|Bob|Bogdan|Bohdan|Boris|Brian|Bruce|
Bruno|Carl|Carlos|Carol|Catherine|Charles|Chris|Christian|Christina|Christine|Christopher|Claude|Claudia|Colin|
Daniel|Danylo|David|Dennis|Denis|Diana|Dmitri|Dmitriy|Dmitry|Dmytro|Donald|Edward|Elena|Elizabeth|Emily|Emma|
Emmanuel|Eric|Erik|Ernst|Eugene|Evgeny|Fabio|Fernando|Francesco|Francis|Francisco|Frank|Franz|Fred|Friedrich|
Gary|Gennady|Georg|George|Georgiy|Gerhard|Giovanni|Giuseppe|Gleb|Gordon|Graham|Gregory|Grigory|Gustavo|Hans|
Harold|Harry|Hassan|Heinz|Helen|Helmut|Henry|Hillary|Hugo|Hussein|Ian|Igor|Ihor|Ilya|Ivan|Iryna|Irina|Jack|Jacques|
James|Jan|Jane|Janet|Jason|Javier|Jean|Jeffrey|Jennifer|Jens|Jeremy|Jim|Joachim|Joe|Johan|Johannes|John|Jonathan|
Jorge|Jose|Joseph|Juan|Julia|Julian|Karl|Kamala|Karen|Kate|Katherine|Kevin|Klaus|Kurt|Larry|Laura|Lee|Leonid|Linda|
Lisa|Liz|Louis|Luis|Lyudmila|Marco|Margaret|Maria|Marie|Marine|Mark|Martin|Mary|Matthew|Maxim|Maksym|Mevlut|
Michael|Michel|Michelle|Miguel|Mikhail|Mohammed|Mohammad|Muhammad|Mykhailo|Mykhaylo|Mykola|Nancy|Natalia|Nicolas|
Nikolai|Nicola|Nina|Nikita|Olaf|Olena|Oleg|Oleh|Oleksandr|Oleksii|Oleksiy|Olga|Oliver|Omar|Oscar|Pablo|Patrick|
Paul|Pavel|Pavlo|Pedro|Peter|Petro|Petr|Philip|Philippe|Pierre|Pyotr|Ramzan|Ralph|Raymond|Richard|Rishi|Robert|
Roberto|Roman|Ronald|Rudolf|Ruslan|Ryan|Sam|Samuel|Sarah|Scott|Sebastian|Serhiy|Sergei|Sergey|Sergiy|Simon|Sophie|
Stefan|Stephen|Steve|Steven|Susan|Svetlana|Taras|Tatiana|Tetiana|Theresa|Thomas|Tim|Timothy|Tom|Tony|Ursula|
Vadim|Vadym|Valentina|Valery|Vasyl|Victor|Viktor|Vitali|Vitaly|Vitaliy|Vladimir|Vladislav|Volodymyr|Walter|
William|Wolfgang|Xi|Yevgeny|Yevhen|Yulia|Yuri|Yuriy|Yury|Zbigniew|Boris|Emmanuel|Olaf|Recep|Tayyip|Viktor|Joe|
Liz|Antony|Lloyd|Jake|Kirill|Sergiy|Igor|Denys|Denis|Yaroslav|Volodymyr|Anatoliy|Andriy|Arseniy|Petro|Yuliya`;

/** Titles, offices and honorifics written before a name; stripped when a name is canonicalised. */
export const TITLES = `
Mr|Mr.|Mrs|Mrs.|Ms|Ms.|Miss|Dr|Dr.|Prof|Prof.|Professor|Sir|Dame|Lord|Lady|Rev|Rev.|Reverend|Father|Sister|
Brother|Pope|Cardinal|Archbishop|Bishop|Rabbi|Imam|Sheikh|King|Queen|Prince|Princess|Emperor|Sultan|Emir|
President|Vice President|Vice-President|Prime Minister|Premier|Chancellor|Minister|Foreign Minister|
Defence Minister|Defense Minister|Interior Minister|Finance Minister|Deputy Prime Minister|Deputy Minister|
Secretary|Secretary of State|Secretary General|Secretary-General|Governor|Mayor|Senator|Sen.|Sen|Representative|
Rep.|Congressman|Congresswoman|Speaker|Ambassador|Envoy|Spokesman|Spokeswoman|Spokesperson|Adviser|Advisor|
General|Gen.|Gen|Colonel|Col.|Lieutenant|Lt.|Major|Captain|Capt.|Admiral|Commander|Sergeant|Marshal|Chief|
Judge|Justice|Prosecutor|Attorney General|Chairman|Chairwoman|Chair|Director|CEO|Head|Leader|Commissioner|
Coach|Manager|Striker|Midfielder|Defender|Goalkeeper|Captain`;

/** Demonyms and adjectives of nationality: tagged MISC in CoNLL, never a place or a person by themselves. */
export const NATIONALITIES = `
Afghan|Albanian|Algerian|American|Argentine|Argentinian|Armenian|Australian|Austrian|Azerbaijani|Belarusian|
Belgian|Bosnian|Brazilian|British|Bulgarian|Canadian|Chechen|Chilean|Chinese|Colombian|Croatian|Cuban|Czech|
Danish|Dutch|Egyptian|English|Estonian|Ethiopian|European|Finnish|French|Georgian|German|Greek|Hungarian|Indian|
Indonesian|Iranian|Iraqi|Irish|Israeli|Italian|Japanese|Jordanian|Kazakh|Kenyan|Korean|Kurdish|Latvian|Lebanese|
Libyan|Lithuanian|Mexican|Moldovan|Mongolian|Moroccan|Nigerian|Norwegian|Pakistani|Palestinian|Peruvian|Polish|
Portuguese|Romanian|Russian|Saudi|Scottish|Serbian|Slovak|Slovenian|Somali|Spanish|Swedish|Swiss|Syrian|
Taiwanese|Thai|Tunisian|Turkish|Ukrainian|Uzbek|Venezuelan|Vietnamese|Welsh|Western|Eastern|Soviet|Arab|Muslim|
Christian|Jewish|Catholic|Orthodox|Sunni|Shi'ite|Shiite|Islamic|Asian|African|Nordic|Baltic|Slavic|Latin`;
