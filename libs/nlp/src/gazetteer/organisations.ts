// Organisations that news mentions constantly (international bodies, alliances, agencies, media, parties,
// large companies), and the head/suffix words that mark an organisation name ("... Ministry", "... Corp").

export const ORGANISATIONS = `
United Nations|UN|U.N.|UN Security Council|Security Council|General Assembly|UN General Assembly|Human Rights Council|
UN Human Rights Council|UNESCO|UNICEF|UNHCR|WHO|World Health Organization|World Bank|IMF|
International Monetary Fund|WTO|World Trade Organization|NATO|Nato|European Union|EU|European Commission|
European Parliament|European Council|Council of Europe|European Central Bank|ECB|OSCE|OPEC|ASEAN|African Union|
Arab League|G7|G8|G20|Red Cross|Red Crescent|International Committee of the Red Cross|ICRC|Amnesty International|
Human Rights Watch|Greenpeace|Interpol|Europol|International Criminal Court|ICC|International Court of Justice|
Kremlin|White House|Pentagon|State Department|Congress|Senate|House of Representatives|Supreme Court|FBI|CIA|NSA|
Federal Reserve|Fed|Downing Street|Parliament|Bundestag|Duma|State Duma|Knesset|Rada|Verkhovna Rada|Elysee|
Foreign Office|Home Office|Treasury|Ministry of Defence|Ministry of Foreign Affairs|Foreign Ministry|
Defence Ministry|Defense Ministry|Interior Ministry|Finance Ministry|FSB|KGB|SBU|Gazprom|Rosneft|Lukoil|Aeroflot|
Reuters|Associated Press|AP|AFP|Agence France-Presse|BBC|CNN|Fox News|NBC|CBS|ABC|Al Jazeera|Bloomberg|TASS|Tass|
Itar-Tass|Interfax|RIA Novosti|Ukrinform|Xinhua|Kyodo|New York Times|Washington Post|Wall Street Journal|
Financial Times|The Guardian|Guardian|The Times|Times|Le Monde|Der Spiegel|Spiegel|Economist|Getty|Getty Images|
Facebook|Meta|Twitter|Google|Alphabet|Apple|Microsoft|Amazon|Netflix|Tesla|SpaceX|Intel|IBM|Samsung|Sony|Toyota|
Honda|Volkswagen|BMW|Mercedes|Daimler|Siemens|Shell|BP|Exxon|ExxonMobil|Chevron|Total|Boeing|Airbus|Lockheed Martin|
Raytheon|General Motors|Ford|Goldman Sachs|JPMorgan|Morgan Stanley|Citigroup|HSBC|Barclays|Deutsche Bank|UBS|
Credit Suisse|Nasdaq|Dow Jones|FIFA|UEFA|IOC|Olympic Committee|International Olympic Committee|Hamas|Hezbollah|
Taliban|Al Qaeda|Islamic State|ISIS|IRA|PLO|Fatah|Labour|Labour Party|Conservative Party|Conservatives|Tories|
Democratic Party|Democrats|Republican Party|Republicans|GOP|Liberal Democrats|Social Democrats|Christian Democrats|
Wagner|Wagner Group|Azov Regiment|Armed Forces|General Staff|Associated Press|Refugee Agency|UN Refugee Agency`;

/** Words that head or close an organisation name ("Foreign Ministry", "Acme Corp", "Chelsea FC"). */
export const ORGANISATION_WORDS = `
Ministry|Department|Agency|Office|Council|Committee|Commission|Parliament|Assembly|Senate|Congress|Court|Tribunal|
Party|Front|Movement|Alliance|Coalition|Union|League|Federation|Association|Society|Organization|Organisation|
Institute|Institution|Foundation|Fund|Trust|University|College|School|Academy|Hospital|Clinic|Bank|Bancorp|Exchange|
Corp|Corp.|Corporation|Co|Co.|Company|Inc|Inc.|Ltd|Ltd.|Plc|PLC|AG|SA|NV|GmbH|Group|Holdings|Industries|
Airlines|Airways|Motors|Systems|Technologies|Pharmaceuticals|Energy|Oil|Petroleum|Telecom|Communications|Media|
Foods|Brands|Stores|Partners|Capital|Resources|Mining|Steel|Chemicals|Electric|Insurance|Logistics|
News|Press|Times|Post|Journal|Herald|Tribune|Gazette|Courier|Chronicle|Observer|Dispatch|Bulletin|Daily|Radio|Television|TV|Network|Club|FC|United|City|Rovers|
Athletic|Wanderers|Army|Navy|Police|Militia|Brigade|Regiment|Battalion|Guard|Forces|Service|Services|Authority|
Administration|Bureau|Board|Directorate|Secretariat|Church|Mission|Centre|Center|Team|Squad|Cabinet|Government`;
