import type { Random } from "./random";
import type { DemoCountry } from "./stores";

export type MemberLocale = "en" | "de" | "pl" | "sv" | "ar";

interface CountryPeople {
  firstNames: readonly string[];
  lastNames: readonly string[];
  /** UI locales members of this country pick, with weights. */
  locales: readonly (readonly [MemberLocale, number])[];
  postcode: (random: Random, city: string) => string | null;
  /**
   * Phone numbers only from ranges a regulator set aside for fiction ("drama numbers": Bundesnetzagentur
   * 030 23125, 040 66969 and 089 99998 xxx; PTS 070-174 06 05..99), so no real person is ever called;
   * countries without such a range get no phone.
   */
  phone: ((random: Random, city: string) => string) | null;
}

const DE_POSTCODES: Record<string, readonly [number, number]> = {
  Berlin: [10115, 14199],
  Hamburg: [20095, 22769],
  München: [80331, 81929],
};

const DE_DRAMA_NUMBERS: Record<string, string> = { Berlin: "30 23125", Hamburg: "40 66969", München: "89 99998" };

const PEOPLE: Record<DemoCountry, CountryPeople> = {
  DE: {
    firstNames: ["Anna", "Lena", "Marie", "Sophie", "Laura", "Julia", "Katharina", "Sabine", "Ursula", "Emma", "Mia", "Hannah",
      "Lukas", "Jonas", "Felix", "Maximilian", "Paul", "Leon", "Thomas", "Michael", "Stefan", "Andreas", "Jürgen", "Ben"],
    lastNames: ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
      "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Lange"],
    locales: [["de", 0.85], ["en", 0.15]],
    postcode: (random, city) => {
      const [low, high] = DE_POSTCODES[city] ?? [10115, 14199];
      return String(random.int(low, high));
    },
    phone: (random, city) => `+49 ${DE_DRAMA_NUMBERS[city] ?? "30 23125"}${String(random.int(0, 999)).padStart(3, "0")}`,
  },
  SE: {
    firstNames: ["Elsa", "Alice", "Maja", "Astrid", "Ingrid", "Karin", "Linnea", "Saga", "Ebba", "Freja",
      "Erik", "Lars", "Oskar", "Nils", "Anders", "Johan", "Gustav", "Axel", "Liam", "Hugo"],
    lastNames: ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
      "Gustafsson", "Pettersson", "Jonsson", "Lindberg", "Lindqvist", "Berg", "Holm"],
    locales: [["sv", 0.8], ["en", 0.2]],
    postcode: (random, city) =>
      city === "Göteborg" ? `41${random.int(1, 8)} ${random.int(1, 99).toString().padStart(2, "0")}` : `11${random.int(1, 8)} ${random.int(10, 99)}`,
    phone: (random) => `+46 70 174 06 ${random.int(5, 99).toString().padStart(2, "0")}`,
  },
  PL: {
    firstNames: ["Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Zofia", "Julia", "Maja", "Ewa", "Magdalena", "Alicja",
      "Piotr", "Krzysztof", "Tomasz", "Paweł", "Jakub", "Michał", "Kacper", "Marek", "Antoni", "Łukasz"],
    lastNames: ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański",
      "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Krawczyk", "Piotrowski"],
    locales: [["pl", 0.85], ["en", 0.15]],
    postcode: (random) => `0${random.int(0, 4)}-${random.int(1, 999).toString().padStart(3, "0")}`,
    phone: null,
  },
  AE: {
    firstNames: ["Fatima", "Aisha", "Mariam", "Noor", "Layla", "Priya", "Sarah", "Emily", "Hessa", "Ananya",
      "Mohammed", "Ahmed", "Omar", "Khalid", "Yousef", "Rahul", "James", "Arjun", "Hamdan", "Daniel"],
    lastNames: ["Al Mansoori", "Al Nuaimi", "Al Hashimi", "Al Shamsi", "Haddad", "Khoury", "Sharma", "Patel", "Nair",
      "Smith", "Taylor", "Rahman", "Iqbal", "Fernandes", "Al Falasi", "Saleh"],
    locales: [["ar", 0.4], ["en", 0.6]],
    // Dubai has no postcodes.
    postcode: () => null,
    phone: null,
  },
};

const EMAIL_DOMAINS = ["example.com", "example.org", "example.net"] as const;

const ASCII_FOLD: Record<string, string> = {
  ä: "ae", ö: "oe", ü: "ue", ß: "ss", å: "a", é: "e", ł: "l", ą: "a", ę: "e", ś: "s", ź: "z", ż: "z", ó: "o", ć: "c", ń: "n",
};

function emailPart(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z]/g, (ch) => ASCII_FOLD[ch] ?? (ch === " " ? "-" : ""));
}

export interface Person {
  firstName: string;
  lastName: string;
  /** Always at a reserved example domain (RFC 2606), unique by the member number. */
  email: string;
  phone: string | null;
  birthDate: string;
  postcode: string | null;
  city: string;
  locale: MemberLocale;
}

export interface PersonRequest {
  country: DemoCountry;
  city: string;
  memberNumber: number;
  age: { mean: number; sd: number };
  /** Whole years are counted back from here. */
  referenceMs: number;
  /** Tag prefix of a tagged run, "" otherwise. */
  emailPrefix: string;
}

export function makePerson(random: Random, request: PersonRequest): Person {
  const people = PEOPLE[request.country];
  const firstName = random.pick(people.firstNames);
  const lastName = random.pick(people.lastNames);
  const locale = people.locales[random.weightedIndex(people.locales.map(([, w]) => w))]?.[0] ?? "en";
  const age = Math.min(85, Math.max(18, random.normal(request.age.mean, request.age.sd)));
  const birth = new Date(request.referenceMs - age * 365.25 * 86_400_000);
  const domain = random.pick(EMAIL_DOMAINS);
  return {
    firstName,
    lastName,
    email: `${request.emailPrefix}${emailPart(firstName)}.${emailPart(lastName)}.${request.memberNumber}@${domain}`,
    phone: people.phone && random.chance(0.6) ? people.phone(random, request.city) : null,
    birthDate: birth.toISOString().slice(0, 10),
    postcode: people.postcode(random, request.city),
    city: request.city,
    locale,
  };
}
