/**
 * Clean, realistic tables for the planted-problem benchmark and tests: seeded, so every run builds
 * the same data. "Clean" includes the variety real sheets have and the checks must tolerate: names
 * with apostrophes and accents, e-mails with plus tags and dots, phone numbers written several ways
 * in one country's style, postcodes of several layouts, unpadded counters, long-tailed amounts, sparse
 * optional columns, key-like headers on columns that are not keys.
 */

/** What a generated cell holds: plain values, or an Excel error value. */
export type TableCell = string | number | boolean | Date | null | { error: string };

/** What a column holds, which decides the problems that can be planted in it. */
export type ColumnRole =
  | "key"
  | "event-date"
  | "birth-date"
  | "count"
  | "amount"
  | "category"
  | "email"
  | "phone"
  | "postcode"
  | "name"
  | "text"
  | "flag";

export interface GeneratedColumn {
  header: string;
  role: ColumnRole;
  /** Every row has a value in the clean table: a blank there is a problem. */
  required: boolean;
  values: TableCell[];
}

export interface CleanTable {
  template: string;
  sheet: string;
  columns: GeneratedColumn[];
  rows: number;
}

/** "Now" for every generated table, so future-date checks never drift with the clock. */
export const PLANTED_TODAY = new Date(Date.UTC(2026, 5, 30));
const DAY_MS = 86_400_000;

/** mulberry32: small, fast and good enough to draw test data from a seed. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }
  /** Skewed towards the first items, as real category counts are. */
  skewed<T>(items: readonly T[]): T {
    return this.pick(items.slice(0, 1 + Math.floor(this.next() ** 1.6 * items.length)));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Log-normal around `median`: amounts, salaries and prices have long right tails. */
  logNormal(median: number, sigma: number): number {
    const u = Math.max(this.next(), 1e-9);
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
    return median * Math.exp(sigma * normal);
  }
  date(fromIso: string, toIso: string): Date {
    const from = Date.parse(`${fromIso}T00:00:00Z`);
    const to = Date.parse(`${toIso}T00:00:00Z`);
    return new Date(from + Math.floor(this.next() * ((to - from) / DAY_MS + 1)) * DAY_MS);
  }
}

const FIRST = [
  "Ann",
  "Seán",
  "Zoë",
  "Bob",
  "Chen",
  "Dana",
  "Eve",
  "Farid",
  "Gita",
  "Hugo",
  "Iris",
  "Jon",
  "Kofi",
  "Lena",
  "Marta",
  "Noor",
  "Olu",
  "Priya",
  "Raúl",
  "Sofia",
  "Tom",
  "Yuki",
];
const LAST = [
  "O'Brien",
  "D'Angelo",
  "Smith",
  "McDonald",
  "van der Berg",
  "García",
  "Smith-Jones",
  "Nguyen",
  "Okafor",
  "Kowalski",
  "Larsen",
  "Haddad",
  "Müller",
  "Rossi",
  "Tanaka",
  "Brown",
];
const DOMAINS = ["example.com", "mail.example.org", "contoso.example", "fabrikam.co.uk"];

function person(random: Random): { first: string; last: string; name: string } {
  const first = random.pick(FIRST);
  const last = random.pick(LAST);
  return { first, last, name: `${first} ${last}` };
}

/** ASCII local part: "sean.obrien", "zoe.muller+news", "s.vanderberg7". */
function emailFor(first: string, last: string, index: number, random: Random): string {
  const ascii = (text: string) =>
    text
      .normalize("NFD")
      .replace(/[^A-Za-z]/g, "")
      .toLowerCase();
  const style = random.int(0, 3);
  const local =
    style === 0
      ? `${ascii(first)}.${ascii(last)}`
      : style === 1
        ? `${ascii(first)}.${ascii(last)}+${random.pick(["news", "work", "shop"])}`
        : style === 2
          ? `${ascii(first)[0] ?? "x"}.${ascii(last)}${index}`
          : `${ascii(first)}_${ascii(last)}`;
  // The index keeps addresses unique, as one person's address is.
  return `${local}${style === 2 ? "" : index}@${random.pick(DOMAINS)}`;
}

/** North American numbers, written the several ways one office writes them. */
function usPhone(random: Random): string {
  const area = random.int(201, 989);
  const exchange = random.int(200, 999);
  const line = String(random.int(0, 9999)).padStart(4, "0");
  switch (random.int(0, 4)) {
    case 0:
      return `(${area}) ${exchange}-${line}`;
    case 1:
      return `${area}-${exchange}-${line}`;
    case 2:
      return `${area}.${exchange}.${line}`;
    case 3:
      return `+1 ${area} ${exchange} ${line}`;
    default:
      return `${area} ${exchange} ${line}`;
  }
}

function ukPhone(random: Random): string {
  const number = String(random.int(0, 999_999)).padStart(6, "0");
  return random.chance(0.5) ? `020 7946 ${number.slice(2)}` : `+44 161 496 ${number.slice(3)}0`;
}

const UK_OUTWARD = ["SW1A", "M1", "B33", "CR2", "DN55", "EC1A", "W1A", "LS6", "G2", "BS8", "N16", "E14"];
function ukPostcode(random: Random): string {
  const inward = `${random.int(0, 9)}${random.pick(["AA", "BD", "EX", "HT", "NP", "UZ", "WL"])}`;
  return `${random.pick(UK_OUTWARD)} ${inward}`;
}

function column(header: string, role: ColumnRole, values: TableCell[], required = true): GeneratedColumn {
  return { header, role, required, values };
}

function rowsOf<T>(rows: number, make: (index: number) => T): T[] {
  return Array.from({ length: rows }, (_, index) => make(index));
}

const REGIONS = ["Northeast", "Midwest", "South", "West"];
const STATUSES = ["Delivered", "Shipped", "Pending", "Returned", "Cancelled"];
const PAYMENT = ["Card", "PayPal", "Bank transfer", "Cash"];
const PRODUCTS = [
  { sku: "TSH-BLU-M", price: 19.99 },
  { sku: "TSH-RED-L", price: 19.99 },
  { sku: "MUG-WHT-01", price: 8.5 },
  { sku: "LMP-DSK-02", price: 39.9 },
  { sku: "CHR-OFF-01", price: 189 },
  { sku: "DSK-STD-01", price: 449 },
  { sku: "KBD-MEC-87", price: 79 },
  { sku: "MSE-WRL-02", price: 25 },
];

function orders(random: Random, rows: number): CleanTable {
  const keyHeader = random.pick(["OrderId", "order_no", "ID", "Order #"]);
  const start = 10_000 + random.int(0, 5000);
  const customers = rowsOf(Math.max(8, Math.floor(rows / 4)), () => person(random));
  const picks = rowsOf(rows, () => ({
    customer: random.skewed(customers),
    product: random.skewed(PRODUCTS),
  }));
  const qty = picks.map(() => Math.max(1, Math.round(random.logNormal(3, 0.7))));
  const notes = rowsOf(rows, () =>
    random.chance(0.15) ? random.pick(["Gift wrap", "Leave at door", "Call before delivery"]) : null,
  );
  return {
    template: "orders",
    sheet: "Orders",
    rows,
    columns: [
      column(
        keyHeader,
        "key",
        rowsOf(rows, (i) => (keyHeader === "ID" ? start + i : `SO-${start + i}`)),
      ),
      column(
        "Order Date",
        "event-date",
        rowsOf(rows, () => random.date("2024-07-01", "2026-06-29")),
      ),
      column(
        "Customer",
        "name",
        picks.map((p) => p.customer.name),
      ),
      column(
        "Region",
        "category",
        rowsOf(rows, () => random.skewed(REGIONS)),
      ),
      column(
        "Product Code",
        "text",
        picks.map((p) => p.product.sku),
      ),
      column("Qty", "count", qty),
      column(
        "Unit Price",
        "amount",
        picks.map((p) => p.product.price),
      ),
      column(
        "Amount",
        "amount",
        picks.map((p, i) => Math.round(p.product.price * (qty[i] ?? 1) * 100) / 100),
      ),
      column(
        "Status",
        "category",
        rowsOf(rows, () => random.skewed(STATUSES)),
      ),
      column(
        "Payment",
        "category",
        rowsOf(rows, () => random.skewed(PAYMENT)),
      ),
      column("Notes", "text", notes, false),
    ],
  };
}

const STATES = [
  "California",
  "Texas",
  "New York",
  "Florida",
  "Illinois",
  "New Jersey",
  "Massachusetts",
  "North Carolina",
];
const SEGMENTS = ["Consumer", "Corporate", "Home Office", "Small Business"];

function usCustomers(random: Random, rows: number): CleanTable {
  const keyHeader = random.pick(["Customer ID", "Key", "Id", "Account"]);
  const people = rowsOf(rows, () => person(random));
  return {
    template: "us-customers",
    sheet: "Customers",
    rows,
    columns: [
      // Unpadded counters: "C7" and "C1234" in one column are the same kind of id.
      column(
        keyHeader,
        "key",
        rowsOf(rows, (i) => `C${i + 1}`),
      ),
      column(
        "Name",
        "name",
        people.map((p) => p.name),
      ),
      column(
        "Email",
        "email",
        people.map((p, i) => emailFor(p.first, p.last, i, random)),
      ),
      column(
        "Phone",
        "phone",
        rowsOf(rows, () => usPhone(random)),
      ),
      column(
        "State",
        "category",
        rowsOf(rows, () => random.skewed(STATES)),
      ),
      column(
        "ZIP",
        "postcode",
        rowsOf(rows, () => String(random.int(1001, 99950)).padStart(5, "0")),
      ),
      column(
        "Birth Date",
        "birth-date",
        rowsOf(rows, () => random.date("1944-01-01", "2006-12-31")),
      ),
      column(
        "Signup Date",
        "event-date",
        rowsOf(rows, () => random.date("2019-01-01", "2026-06-28")),
      ),
      column(
        "Segment",
        "category",
        rowsOf(rows, () => random.skewed(SEGMENTS)),
      ),
      column(
        "Newsletter",
        "flag",
        rowsOf(rows, () => random.chance(0.4)),
      ),
      column(
        "Lifetime Value",
        "amount",
        rowsOf(rows, () => Math.round(random.logNormal(420, 0.8) * 100) / 100),
      ),
    ],
  };
}

const COUNTRIES = ["United Kingdom", "Ireland", "United States", "Germany", "France"];
const SOURCES = ["Web form", "Trade show", "Referral", "Cold call"];

function ukContacts(random: Random, rows: number): CleanTable {
  const people = rowsOf(rows, () => person(random));
  const padded = random.chance(0.5);
  return {
    template: "uk-contacts",
    sheet: "Contacts",
    rows,
    columns: [
      column(
        padded ? "Ref" : "Contact",
        "key",
        rowsOf(rows, (i) => (padded ? `CT-${String(i + 1).padStart(5, "0")}` : `CT-${i + 1}`)),
      ),
      column(
        "Full name",
        "name",
        people.map((p) => p.name),
      ),
      column(
        "E-mail",
        "email",
        people.map((p, i) => emailFor(p.first, p.last, i, random)),
      ),
      column(
        "Telephone",
        "phone",
        rowsOf(rows, () => ukPhone(random)),
      ),
      column(
        "Postcode",
        "postcode",
        rowsOf(rows, () => ukPostcode(random)),
      ),
      column(
        "Country",
        "category",
        rowsOf(rows, () => random.skewed(COUNTRIES)),
      ),
      column(
        "Lead source",
        "category",
        rowsOf(rows, () => random.skewed(SOURCES)),
      ),
      column(
        "First contact",
        "event-date",
        rowsOf(rows, () => random.date("2021-01-01", "2026-06-15")),
      ),
      column(
        "Deal size",
        "amount",
        rowsOf(rows, () => Math.round(random.logNormal(12_000, 0.6) / 100) * 100),
      ),
      column(
        "Comments",
        "text",
        rowsOf(rows, () => (random.chance(0.3) ? "Asked for a call back in Q3" : null)),
        false,
      ),
    ],
  };
}

const CATEGORIES = ["Health & Beauty", "Home & Garden", "Sports & Outdoors", "Electronics", "Books", "Toys"];
const SUPPLIERS = ["Northwind Traders", "Contoso Ltd", "Fabrikam Inc", "Adventure Works", "Litware Inc"];

function inventory(random: Random, rows: number): CleanTable {
  const prefix = random.pick(["WID", "GAD", "ACC"]);
  return {
    template: "inventory",
    sheet: "Stock",
    rows,
    columns: [
      column(
        "SKU",
        "key",
        rowsOf(
          rows,
          (i) =>
            `${prefix}-${String(1000 + i * 7).padStart(5, "0")}-${random.pick(["RD", "BL", "GR", "BK"])}`,
        ),
      ),
      column(
        "Product",
        "text",
        rowsOf(
          rows,
          (i) =>
            `${random.pick(["Widget", "Gadget", "Holder", "Cable"])} ${random.int(1, 9) * 100 + (i % 100)}`,
        ),
      ),
      column(
        "Category",
        "category",
        rowsOf(rows, () => random.skewed(CATEGORIES)),
      ),
      column(
        "Supplier",
        "category",
        rowsOf(rows, () => random.skewed(SUPPLIERS)),
      ),
      column(
        "On hand",
        "count",
        rowsOf(rows, () => Math.round(random.logNormal(60, 0.6))),
      ),
      column(
        "Unit cost",
        "amount",
        rowsOf(rows, () => Math.round(random.logNormal(14, 0.5) * 100) / 100),
      ),
      column(
        "Weight (kg)",
        "amount",
        rowsOf(rows, () => Math.round(random.logNormal(1.2, 0.5) * 100) / 100),
      ),
      column(
        "Last restock",
        "event-date",
        rowsOf(rows, () => random.date("2025-06-01", "2026-06-29")),
      ),
      column(
        "Discontinued",
        "flag",
        rowsOf(rows, () => random.chance(0.1)),
      ),
    ],
  };
}

const DEPARTMENTS = [
  "Engineering",
  "Sales",
  "Human Resources",
  "Research and Development",
  "Finance",
  "Marketing",
  "Customer Support",
];

function employees(random: Random, rows: number): CleanTable {
  const people = rowsOf(rows, () => person(random));
  return {
    template: "employees",
    sheet: "Staff",
    rows,
    columns: [
      column(
        random.pick(["Employee No", "Badge", "Emp ID"]),
        "key",
        rowsOf(rows, (i) => 1000 + i * 3 + random.int(0, 2)),
      ),
      column(
        "Name",
        "name",
        people.map((p) => p.name),
      ),
      // u0@… – u9@… next to u10@… and later: the same kind of address, however long the number.
      column(
        "Login",
        "email",
        rowsOf(rows, (i) => `u${i}@corp.example`),
      ),
      column(
        "Department",
        "category",
        rowsOf(rows, () => random.skewed(DEPARTMENTS)),
      ),
      column(
        "Hire Date",
        "event-date",
        rowsOf(rows, () => random.date("1995-01-01", "2026-06-01")),
      ),
      column(
        "Date of Birth",
        "birth-date",
        rowsOf(rows, () => random.date("1960-01-01", "2004-12-31")),
      ),
      column(
        "Salary",
        "amount",
        rowsOf(rows, () => Math.round(random.logNormal(62_000, 0.3) / 500) * 500),
      ),
      column(
        "Extension",
        "phone",
        rowsOf(rows, () => `+1 (415) 555-${String(random.int(100, 9999)).padStart(4, "0")}`),
      ),
      column(
        "Remote",
        "flag",
        rowsOf(rows, () => random.chance(0.35)),
      ),
      column(
        "Manager notes",
        "text",
        rowsOf(rows, () => (random.chance(0.1) ? "On leave until further notice" : null)),
        false,
      ),
    ],
  };
}

export const TABLE_TEMPLATES = { orders, usCustomers, ukContacts, inventory, employees };

export function cleanTable(template: keyof typeof TABLE_TEMPLATES, seed: number, rows: number): CleanTable {
  return TABLE_TEMPLATES[template](new Random(seed), rows);
}

export { DAY_MS };
