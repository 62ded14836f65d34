/*
 * Countries are typed by editors as names ("South Korea"); schema.org and Google want an ISO
 * 3166-1 alpha-2 code ("KR"). The names come from Intl's English region names, so no list is
 * kept here; a few other spellings news copy uses are added.
 */

const OTHER_NAMES: Readonly<Record<string, string>> = {
  korea: 'KR',
  'republic of korea': 'KR',
  'korea, republic of': 'KR',
  'north korea': 'KP',
  usa: 'US',
  'united states of america': 'US',
  america: 'US',
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  taiwan: 'TW',
};

let codesByName: Map<string, string> | undefined;

function namesToCodes(): Map<string, string> {
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const map = new Map(Object.entries(OTHER_NAMES));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const first of letters) {
    for (const second of letters) {
      const code = first + second;
      const name = names.of(code);
      if (name !== undefined && name !== code && name !== 'Unknown Region')
        map.set(name.toLowerCase(), code);
    }
  }
  return map;
}

/**
 * The ISO 3166-1 alpha-2 code of a country given by its English name or its code, or undefined
 * when the text names no country known.
 */
export function countryCode(text: string): string | undefined {
  codesByName ??= namesToCodes();
  const key = text.trim().toLowerCase();
  if (/^[a-z]{2}$/.test(key)) {
    const code = key.toUpperCase();
    return [...codesByName.values()].includes(code) ? code : undefined;
  }
  return codesByName.get(key);
}
