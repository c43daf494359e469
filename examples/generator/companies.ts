// The trade customers behind CRM and ERP: one master list of real companies, of which each
// system holds its own, differently spelt and differently keyed copy. Company i is derived
// from (seed, i) alone, so every table agrees on it without holding rows in memory.
import { Random, weighted } from './random.js';
import {
  CITIES, type Country, DUTCH_FIRST_NAMES, DUTCH_QUALIFIERS, DUTCH_SURNAMES, DUTCH_TRADES,
  GERMAN_FIRST_NAMES, GERMAN_QUALIFIERS, GERMAN_SURNAMES, GERMAN_TRADES, LEGAL_FORMS,
} from './vocabulary.js';

export type Segment = 'key_account' | 'mid_market' | 'small_business';

export interface Company {
  index: number;
  country: Country;
  /** The name as the company writes it (the CRM's spelling). */
  name: string;
  legalForm: string;
  city: string;
  postcode: string;
  phone: string;
  contactFirst: string;
  contactLast: string;
  email: string;
  segment: Segment;
  /** Customer discount in percent, by segment. */
  discountPct: number;
  vatId: string;
  createdMs: number;
}

const pickCountry = weighted<Country>([['DE', 60], ['NL', 22], ['AT', 18]]);
const legalPickers = {
  DE: weighted(LEGAL_FORMS.DE),
  NL: weighted(LEGAL_FORMS.NL),
  AT: weighted(LEGAL_FORMS.AT),
};
const TLD: Record<Country, string> = { DE: 'de', NL: 'nl', AT: 'at' };
const PHONE_PREFIX: Record<Country, string> = { DE: '+49', NL: '+31', AT: '+43' };

const UMLAUTS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' };
export const transliterate = (s: string) => s.replace(/[äöüÄÖÜß]/g, (c) => UMLAUTS[c] ?? c);
const slug = (s: string) => transliterate(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

// Names are unique by construction: i -> (surname, trade, qualifier) is a bijection
// (60 surnames x 30 trades per level, permuted so neighbours do not look alike).
const NAMES_PER_LEVEL = 60 * 30;
function nameParts(i: number, country: Country): string {
  const level = Math.floor(i / NAMES_PER_LEVEL);
  const j = ((i % NAMES_PER_LEVEL) * 1237 + 11) % NAMES_PER_LEVEL; // 1237 is coprime to 1800
  const german = country !== 'NL';
  const surname = (german ? GERMAN_SURNAMES : DUTCH_SURNAMES)[j % 60] as string;
  const trade = (german ? GERMAN_TRADES : DUTCH_TRADES)[Math.floor(j / 60)] as string;
  const qualifiers = german ? GERMAN_QUALIFIERS : DUTCH_QUALIFIERS;
  const qualifier = level === 0 ? '' : ` ${qualifiers[(level - 1) % 12]}${level > 12 ? ` ${Math.floor((level - 1) / 12) + 1}` : ''}`;
  return `${surname} ${trade}${qualifier}`;
}

function digits(r: Random, n: number): string {
  let s = '';
  for (let k = 0; k < n; k++) s += String(r.int(10));
  return s;
}

function postcodeFor(r: Random, country: Country, low: number, high: number): string {
  const n = low + r.int(high - low + 1);
  if (country === 'DE') return String(n).padStart(5, '0');
  if (country === 'AT') return String(n);
  return `${n} ${String.fromCharCode(65 + r.int(26))}${String.fromCharCode(65 + r.int(26))}`;
}

/** Company i of the master list; `rankShare` is i / (number of ERP customers), big first. */
export function companyAt(seed: number, i: number, rankShare: number, todayMs: number): Company {
  const r = Random.keyed(seed, 'company', i);
  const country = pickCountry(r);
  const base = nameParts(i, country);
  const legalForm = legalPickers[country](r);
  const [city, area, low, high] = r.pick(CITIES[country]);
  const german = country !== 'NL';
  const contactFirst = r.pick(german ? GERMAN_FIRST_NAMES : DUTCH_FIRST_NAMES);
  const contactLast = r.pick(german ? GERMAN_SURNAMES : DUTCH_SURNAMES);
  const segment: Segment = rankShare < 0.05 ? 'key_account' : rankShare < 0.35 ? 'mid_market' : 'small_business';
  const [dLow, dHigh] = segment === 'key_account' ? [8, 15] : segment === 'mid_market' ? [3, 8] : [0, 3];
  const domain = `${slug(base)}.${TLD[country]}`;
  return {
    index: i,
    country,
    name: `${base} ${legalForm}`,
    legalForm,
    city,
    postcode: postcodeFor(r, country, low, high),
    phone: `${PHONE_PREFIX[country]} ${area} ${digits(r, country === 'AT' ? 6 : 7)}`,
    contactFirst,
    contactLast,
    email: `${slug(contactFirst)}.${slug(contactLast)}@${domain}`,
    segment,
    discountPct: Math.round(r.between(dLow, dHigh) * 2) / 2,
    vatId: country === 'DE' ? `DE${digits(r, 9)}` : country === 'NL' ? `NL${digits(r, 9)}B01` : `ATU${digits(r, 8)}`,
    // customers since 2010, the newest a month before today
    createdMs: Date.UTC(2010, 0, 1) + Math.floor(r.float() * (todayMs - 30 * 86_400_000 - Date.UTC(2010, 0, 1))),
  };
}

const LEGAL_VARIANTS: Record<string, readonly string[]> = {
  'GmbH': ['Gmbh', 'G.m.b.H.', 'GMBH'],
  'GmbH & Co. KG': ['GmbH & Co KG', 'GmbH u. Co. KG', 'GmbH&Co.KG'],
  'KG': ['K.G.', 'Kg'],
  'e.K.': ['eK', 'e. K.'],
  'AG': ['A.G.', 'Ag'],
  'B.V.': ['BV', 'B.V', 'b.v.'],
  'V.O.F.': ['VOF', 'v.o.f.'],
  'N.V.': ['NV', 'N.V'],
  'OG': ['O.G.', 'Og'],
  'e.U.': ['eU', 'e. U.'],
};

/**
 * The same company spelt the way another system (or another clerk) spells it: umlauts
 * transliterated, upper case, a legal-form variant, the legal form dropped, or a double
 * space. Always differs from `company.name`; always normalises to the same key.
 */
export function spellingVariant(company: Company, r: Random): string {
  const base = company.name.slice(0, company.name.length - company.legalForm.length - 1);
  for (;;) {
    const kind = r.int(5);
    if (kind === 0 && /[äöüÄÖÜß]/.test(company.name)) return transliterate(company.name);
    if (kind === 1) return company.name.toUpperCase();
    if (kind === 2) return `${base} ${r.pick(LEGAL_VARIANTS[company.legalForm] ?? [company.legalForm.toUpperCase()])}`;
    if (kind === 3) return base;
    if (kind === 4 && base.includes(' ')) return `${base.replace(' ', '  ')} ${company.legalForm}`;
  }
}

/** The same country written as the CRM's free-text field lets people write it. */
export const COUNTRY_VARIANTS: Record<Country, readonly string[]> = {
  DE: ['DEU', 'Germany', 'de', 'Deutschland', 'D'],
  NL: ['NLD', 'Netherlands', 'nl', 'Holland', 'Nederland'],
  AT: ['AUT', 'Austria', 'at', 'Österreich', 'A'],
};
export const ISO3: Record<Country, string> = { DE: 'DEU', NL: 'NLD', AT: 'AUT' };
