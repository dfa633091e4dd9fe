// Well-known short forms and the long form an entity is keyed by, so that an article that only writes "EU"
// and one that only writes "European Union" produce the same entity. Within one article, any acronym is
// also matched to a long form whose initials it spells (see resolve/acronyms.ts); this table covers the
// cross-article case for names news abbreviates without ever spelling out.
export const ALIASES = `
EU=European Union|E.U.=European Union|UN=United Nations|U.N.=United Nations|US=United States|
U.S.=United States|USA=United States|U.S.A.=United States|America=United States|UK=United Kingdom|
U.K.=United Kingdom|Britain=United Kingdom|Great Britain=United Kingdom|UAE=United Arab Emirates|
Nato=NATO|North Atlantic Treaty Organization=NATO|IMF=International Monetary Fund|
WHO=World Health Organization|WTO=World Trade Organization|ICC=International Criminal Court|
ICRC=International Committee of the Red Cross|UNHCR=UN Refugee Agency|ECB=European Central Bank|
AP=Associated Press|AFP=Agence France-Presse|Tass=TASS|Itar-Tass=TASS|GOP=Republican Party|
USSR=Soviet Union|DPRK=North Korea|ROK=South Korea|PRC=China|KSA=Saudi Arabia`;

let table: Map<string, string> | undefined;

/** The long form of a known alias (case-sensitive: "US" is the country, "us" is not), or undefined. */
export function aliasTarget(surface: string): string | undefined {
  table ??= new Map(
    ALIASES.split('|')
      .map((pair) => pair.trim())
      .filter((pair) => pair.length > 0)
      .map((pair) => pair.split('=') as [string, string]),
  );
  return table.get(surface);
}
