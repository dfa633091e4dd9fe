import { variantKey } from './variant-key';

describe('variantKey', () => {
  it.each([
    ['Kyiv', 'Kiev'],
    ['Donbas', 'Donbass'],
    ['Luhansk', 'Lugansk'],
    ['Dmytro', 'Dmitry'],
    ['Dmytro Kuleba', 'Dmitry Kuleba'],
    ['Kyrylenko', 'Kirilenko'],
    ['Pavlo Kyrylenko', 'Pavlo Kirilenko'],
    ['Mykhaylo', 'Mykhailo'],
    ['Mykhaylo Podolyak', 'Mykhailo Podolyak'],
    ['Zelensky', 'Zelenskyy'],
    ['Zelensky', 'Zelenskiy'],
    ['Kharkiv', 'Kharkov'],
    ['Lviv', 'Lvov'],
    ['Lviv', 'Lwów'],
    ['Odesa', 'Odessa'],
    ['Serhiy', 'Sergei'],
    ['Sergiy', 'Sergey'],
    ['Andriy', 'Andrei'],
    ['Chernihiv', 'Chernigov'],
    ['Cavusoglu', 'Çavuşoğlu'],
    ['Orban', 'Orbán'],
    ['Afghanistan', 'Afganistan'],
    ['Sumy', 'Sumi'],
  ])('folds %s and %s to one key', (a, b) => {
    expect(variantKey(a)).toBe(variantKey(b));
  });

  it.each([
    ['Kharkiv', 'Kherson'],
    ['Donetsk', 'Donbas'],
    ['Russia', 'Russian'],
    ['Ukraine', 'Ukrainian'],
    ['Kyiv', 'Kyivan'],
    ['Israel', 'Israeli'],
    ['Iraq', 'Iraqi'],
    ['Iraq', 'Iran'],
    ['Pakistan', 'Pakistani'],
    ['Germany', 'German'],
    ['Hungary', 'Hungarian'],
    ['Poland', 'Polish'],
    ['Crimea', 'Crimean'],
    ['Austria', 'Australia'],
    ['Slovakia', 'Slovenia'],
    ['Niger', 'Nigeria'],
    ['Georgia', 'George'],
    ['Mali', 'Malta'],
    ['Maria', 'Mario'],
    ['Zelensky', 'Zelenska'],
    ['Ivanov', 'Ivanova'],
    ['Leo', 'Li'],
    ['Ross', 'Rossi'],
    ['Hill', 'Gill'],
    ['Congo', 'Kong'],
    ['Peru', 'Perry'],
    ['Mariupol', 'Melitopol'],
    ['Luhansk', 'Lutsk'],
    ['Kramatorsk', 'Kharkiv'],
    ['Kuleba', 'Klitschko'],
    ['Putin', 'Peskov'],
    ['Lavrov', 'Lavrova'],
    ['Biden', 'Boden'],
    ['Moscow', 'Minsk'],
    ['Bucha', 'Irpin'],
    ['Dmytro', 'Dmytrivka'],
    ['Oleksandr', 'Oleksiy'],
    ['Volodymyr', 'Vladimir'],
    ['Jordan', 'Jordanian'],
    ['Sweden', 'Swedish'],
    ['NATO', 'Nato Summit'],
    ['European Union', 'European Commission'],
    ['United States', 'United Nations'],
    ['Brussels', 'Bruges'],
    ['Paris', 'Perth'],
    ['Anna', 'Hanna'],
  ])('keeps %s and %s apart', (a, b) => {
    expect(variantKey(a)).not.toBe(variantKey(b));
  });

  it('gives every distinct name of a news-sized roster its own key (all pairs)', () => {
    const names = [
      'Ukraine',
      'Russia',
      'Kyiv',
      'Kharkiv',
      'Kherson',
      'Donetsk',
      'Donbas',
      'Luhansk',
      'Lutsk',
      'Lviv',
      'Odesa',
      'Mariupol',
      'Melitopol',
      'Bucha',
      'Irpin',
      'Chernihiv',
      'Sumy',
      'Moscow',
      'Minsk',
      'Belarus',
      'Brussels',
      'Budapest',
      'Hungary',
      'Poland',
      'Germany',
      'France',
      'Italy',
      'Japan',
      'Canada',
      'Britain',
      'Turkey',
      'Istanbul',
      'Geneva',
      'Crimea',
      'Azov',
      'Severodonetsk',
      'Kreminna',
      'Makarov',
      'Obukhovychi',
      'Chernobyl',
      'Zelensky',
      'Putin',
      'Kuleba',
      'Lavrov',
      'Biden',
      'Stoltenberg',
      'Orban',
      'Podolyak',
      'Gaiday',
      'Kyrylenko',
      'Boychenko',
      'Medinsky',
      'Bachelet',
      'Cavusoglu',
      'Nikolenko',
      'Verashchuk',
      'Bowen',
      'Lederer',
      'Karmanov',
      'Klimenko',
      'Ustymenko',
      'Shputun',
      'Stashevsky',
      'Grigorov',
      'Dmytro',
      'Volodymyr',
      'Vladimir',
      'Sergei',
      'Mykhailo',
      'Pavlo',
      'Oleksandr',
      'Iryna',
      'Valentina',
      'Jeremy',
      'Michelle',
      'Jens',
      'Joe',
      'Victor',
      'Oleg',
      'Kremlin',
      'Facebook',
      'Twitter',
      'Interfax',
      'Getty',
      'Reuters',
      'Nazis',
      'Ukrainian',
      'Russian',
      'Kyivan',
    ];
    const owner = new Map<string, string>();
    for (const name of names) {
      const key = variantKey(name);
      expect([name, owner.get(key) ?? name]).toEqual([name, name]);
      owner.set(key, name);
    }
  });

  it('folds case, diacritics, possessives and punctuation inside names', () => {
    expect(variantKey("Kyiv's")).toBe(variantKey('KYIV'));
    expect(variantKey('Zelenskyy’s')).toBe(variantKey('Zelensky'));
    expect(variantKey("O'Brien")).toBe(variantKey('OBrien'));
    expect(variantKey('  Dmytro   Kuleba ')).toBe(variantKey('Dmytro Kuleba'));
  });

  it('keeps names in other scripts apart, each with a key of its own', () => {
    const keys = ['Путин', 'Лавров', 'Москва', 'Μητσοτάκης', 'Αθήνα', '习近平'].map(variantKey);
    expect(keys).toEqual(['путин', 'лавров', 'москва', 'μητσοτακης', 'αθηνα', '习近平']);
    expect(variantKey('Сергей Лавров')).toBe('сергеи лавров');
    expect(variantKey('राम')).not.toBe(variantKey('रीमा'));
    expect(variantKey('ガス').split(' ')).toHaveLength(1);
    expect(variantKey('ガス')).not.toBe(variantKey('カス'));
  });

  it('keys multi-word names word by word', () => {
    expect(variantKey('Pavlo Kyrylenko').split(' ')).toEqual([variantKey('Pavlo'), variantKey('Kyrylenko')]);
  });
});
