// Place names the tagger gets as a gazetteer feature: countries (with common short and old forms), their
// capitals and large cities, sub-national regions that are often in the news, continents and world regions.
// Maintained by the team; a feature, not a verdict — the tagger still weighs the context.

export const COUNTRIES = `
Afghanistan|Albania|Algeria|Andorra|Angola|Antigua|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahamas|Bahrain|
Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia|Bosnia and Herzegovina|Herzegovina|Botswana|
Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon|Canada|Cape Verde|Central African Republic|Chad|Chile|
China|Colombia|Comoros|Congo|Costa Rica|Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|Djibouti|Dominica|
Dominican Republic|East Timor|Ecuador|Egypt|El Salvador|Equatorial Guinea|Eritrea|Estonia|Eswatini|Swaziland|Ethiopia|
Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti|
Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|
Kenya|Kiribati|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|
Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|Mexico|Micronesia|Moldova|Monaco|
Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Burma|Namibia|Nauru|Nepal|Netherlands|Holland|New Zealand|Nicaragua|
Niger|Nigeria|North Korea|South Korea|Korea|North Macedonia|Macedonia|Norway|Oman|Pakistan|Palau|Palestine|Panama|
Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Russian Federation|Rwanda|
Saint Lucia|Samoa|San Marino|Saudi Arabia|Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|
Solomon Islands|Somalia|South Africa|South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|
Tajikistan|Tanzania|Thailand|Togo|Tonga|Trinidad|Trinidad and Tobago|Tunisia|Turkey|Turkmenistan|Tuvalu|Uganda|
Ukraine|United Arab Emirates|UAE|United Kingdom|UK|U.K.|Britain|Great Britain|England|Scotland|Wales|
Northern Ireland|United States|United States of America|USA|U.S.|US|America|Uruguay|Uzbekistan|Vanuatu|Vatican|
Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|Yugoslavia|Soviet Union|USSR|Czechoslovakia|Zaire|Hong Kong|Macau|Greenland|
Puerto Rico|Gaza|Gaza Strip|West Bank|Chechnya|Tibet|Kashmir|Crimea|Abkhazia|Transnistria|Kurdistan`;

export const CITIES = `
Kabul|Tirana|Algiers|Luanda|Buenos Aires|Yerevan|Canberra|Sydney|Melbourne|Brisbane|Perth|Adelaide|Vienna|Baku|
Manama|Dhaka|Minsk|Brussels|Antwerp|Sarajevo|Brasilia|Rio de Janeiro|Sao Paulo|Sofia|Phnom Penh|Ottawa|Toronto|
Montreal|Vancouver|Santiago|Beijing|Shanghai|Guangzhou|Shenzhen|Wuhan|Bogota|Havana|Nicosia|Prague|Copenhagen|Cairo|
Alexandria|Tallinn|Addis Ababa|Helsinki|Paris|Marseille|Lyon|Nice|Tbilisi|Berlin|Munich|Hamburg|Frankfurt|Cologne|
Bonn|Stuttgart|Dusseldorf|Leipzig|Dresden|Accra|Athens|Budapest|Reykjavik|New Delhi|Delhi|Mumbai|Bombay|Calcutta|
Kolkata|Madras|Chennai|Bangalore|Jakarta|Tehran|Baghdad|Basra|Mosul|Dublin|Jerusalem|Tel Aviv|Rome|Milan|Naples|
Turin|Florence|Venice|Genoa|Tokyo|Osaka|Kyoto|Amman|Astana|Almaty|Nairobi|Pristina|Kuwait City|Bishkek|Riga|Beirut|
Tripoli|Benghazi|Vilnius|Kuala Lumpur|Valletta|Mexico City|Chisinau|Ulan Bator|Podgorica|Rabat|Casablanca|Maputo|
Yangon|Rangoon|Kathmandu|Amsterdam|Rotterdam|The Hague|Wellington|Auckland|Managua|Lagos|Abuja|Pyongyang|Seoul|
Skopje|Oslo|Muscat|Islamabad|Karachi|Lahore|Panama City|Asuncion|Lima|Manila|Warsaw|Krakow|Gdansk|Lisbon|Porto|Doha|
Bucharest|Moscow|St. Petersburg|Saint Petersburg|Petersburg|Kigali|Riyadh|Jeddah|Mecca|Dakar|Belgrade|Freetown|
Bratislava|Ljubljana|Mogadishu|Pretoria|Johannesburg|Cape Town|Durban|Madrid|Barcelona|Seville|Valencia|Colombo|
Khartoum|Stockholm|Gothenburg|Bern|Zurich|Geneva|Basel|Lausanne|Damascus|Aleppo|Taipei|Dushanbe|Dodoma|Dar es Salaam|
Bangkok|Tunis|Ankara|Istanbul|Izmir|Ashgabat|Kampala|Kyiv|Kiev|Kharkiv|Odesa|Odessa|Lviv|Dnipro|Zaporizhzhia|
Mariupol|Kherson|Mykolaiv|Chernihiv|Sumy|Poltava|Donetsk|Luhansk|Lugansk|Kramatorsk|Sloviansk|Severodonetsk|Bucha|
Irpin|Melitopol|Sevastopol|Simferopol|Abu Dhabi|Dubai|London|Manchester|Liverpool|Birmingham|Leeds|Glasgow|
Edinburgh|Cardiff|Belfast|Washington|New York|Los Angeles|Chicago|Houston|Philadelphia|Phoenix|San Antonio|
San Diego|Dallas|San Francisco|Boston|Seattle|Miami|Atlanta|Denver|Detroit|Las Vegas|New Orleans|Baltimore|
Montevideo|Tashkent|Caracas|Hanoi|Ho Chi Minh City|Saigon|Sanaa|Aden|Lusaka|Harare|Hebron|Ramallah|Grozny|Novosibirsk|
Vladivostok|Yekaterinburg|Kaliningrad|Rostov|Volgograd|Belgorod|Kursk|Bryansk|Sochi|Kazan|Gomel|Brest|Vitebsk|
Chernobyl|Chornobyl|Davos|Strasbourg|Luxembourg City|Monte Carlo|Hong Kong|Singapore|Kinshasa|Brazzaville|Abidjan|
Harare|Windhoek|Gaborone|Bamako|Niamey|Ouagadougou|Conakry|Monrovia|Lome|Cotonou|Yaounde|Douala|Libreville|Khartoum`;

export const REGIONS = `
Europe|Asia|Africa|North America|South America|Latin America|Central America|Oceania|Antarctica|Arctic|Middle East|
Near East|Far East|Balkans|Caucasus|Scandinavia|Siberia|Sahara|Gulf|Persian Gulf|Mediterranean|Baltic|Black Sea|
Caspian|Atlantic|Pacific|Indian Ocean|Sea of Azov|Azov|Donbas|Donbass|Transcarpathia|Galicia|Bavaria|Catalonia|
Basque Country|Flanders|Wallonia|Quebec|Ontario|Alberta|British Columbia|Kurdistan|Punjab|Kashmir|Bengal|Sichuan|
Xinjiang|Hokkaido|Okinawa|Tasmania|Queensland|Victoria|New South Wales|Patagonia|Amazon|Nile|Danube|Dnieper|Rhine|
Volga|Thames|Euphrates|Tigris|Alps|Himalayas|Urals|Andes|Alabama|Alaska|Arizona|Arkansas|California|Colorado|
Connecticut|Delaware|Florida|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|
Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|
North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|
Texas|Utah|Vermont|Virginia|West Virginia|Wisconsin|Wyoming|Silicon Valley|Wall Street|Manhattan|Brooklyn|
Hollywood|Ulster|Cornwall|Yorkshire|Kent|Sussex|Essex|Normandy|Brittany|Provence|Corsica|Sardinia|Sicily|Tuscany|
Lombardy|Andalusia|Crete|Cyprus|Mindanao|Java|Sumatra|Bali|Borneo|Kosovo|Nagorno-Karabakh|Karabakh|Darfur|
Golan Heights|Sinai|Negev|Kuril Islands|Falklands|Falkland Islands`;
