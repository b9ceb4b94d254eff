import { build, day, type BuiltWorkbook, type Cell } from "./workbook";

/**
 * An HR roster of 30 people (sheet rows 2-31) with the usual slips: a name with a double space, one with
 * spaces around it, one typed in lower case, a salary stored as text ("72000"), a blank Department and a
 * blank Birth Date. Leavers have a Leave Date. A second sheet holds the cell where a user types an
 * employee ID to look up.
 */

export interface Employee {
  id: string;
  name: string;
  department: string | null;
  title: string;
  managerId: string | null;
  hired: Date;
  born: Date | null;
  salary: number | string;
  status: "Active" | "Leaver";
  left: Date | null;
}

export const HR_SHEET = "Staff";
export const LOOKUP_SHEET = "Lookup";
export const LOOKUP_ID = "E1012";
export const HR_HEADERS = [
  "Employee ID",
  "Full Name",
  "Email",
  "Department",
  "Title",
  "Manager ID",
  "Hire Date",
  "Birth Date",
  "Salary",
  "Status",
  "Leave Date",
] as const;

type Line = [string, string, string | null, string, string | null, string, string | null, number | string];
type Leaver = [string, string];

// prettier-ignore
const LINES: Line[] = [
  ["E1001", "Grace Chen",      "Executive", "CEO",               null,    "2012-03-01", "1975-06-14", 210000],
  ["E1002", "Ana  Lima",       "Sales",     "Sales Director",    "E1001", "2015-07-15", "1982-11-02", 145000],
  ["E1003", "Ravi Patel",      "IT",        "IT Director",       "E1001", "2014-01-06", "1980-02-29", 150000],
  ["E1004", "Maria Gonzalez",  "Finance",   "Finance Director",  "E1001", "2016-09-12", "1978-08-21", 148000],
  ["E1005", " Tom Reed ",      "Ops",       "Ops Manager",       "E1001", "2018-04-02", "1985-05-10", 98000],
  ["E1006", "Lena Fischer",    "Sales",     "Account Executive", "E1002", "2019-02-18", "1990-12-05", 72000],
  ["E1007", "john smith",      "Sales",     "Account Executive", "E1002", "2020-06-01", "1993-03-17", "72000"],
  ["E1008", "Priya Nair",      "IT",        "Developer",         "E1003", "2021-01-11", "1995-07-23", 88000],
  ["E1009", "Omar Haddad",     "IT",        "Developer",         "E1003", "2019-10-07", "1991-09-30", 91000],
  ["E1010", "Sofia Rossi",     "Finance",   "Accountant",        "E1004", "2017-05-22", "1988-01-12", 67000],
  ["E1011", "Kenji Watanabe",  "IT",        "Data Engineer",     "E1003", "2022-03-14", "1994-04-04", 97000],
  ["E1012", "Chloe Martin",    "Marketing", "Marketing Lead",    "E1001", "2018-11-05", "1987-10-19", 105000],
  ["E1013", "David Okafor",    "Ops",       "Warehouse Lead",    "E1005", "2016-02-29", "1983-06-06", 61000],
  ["E1014", "Emma Johansson",  "Sales",     "Sales Rep",         "E1002", "2023-08-21", "1999-02-14", 54000],
  ["E1015", "Lucas Silva",     "Ops",       "Driver",            "E1005", "2021-07-19", "1992-12-24", 42000],
  ["E1016", "Hannah Wright",   null,        "Analyst",           "E1004", "2024-01-08", null,         58000],
  ["E1017", "Mohammed Ali",    "IT",        "Support Engineer",  "E1003", "2020-11-30", "1996-08-08", 56000],
  ["E1018", "Julia Novak",     "Finance",   "Controller",        "E1004", "2013-06-17", "1979-03-03", 118000],
  ["E1019", "Samuel Owusu",    "Sales",     "Sales Rep",         "E1002", "2022-10-03", "1997-05-29", 51000],
  ["E1020", "Isabelle Dubois", "Marketing", "Designer",          "E1012", "2019-04-15", "1993-11-11", 64000],
  ["E1021", "Arjun Mehta",     "IT",        "Developer",         "E1003", "2023-02-06", "1998-10-01", 79000],
  ["E1022", "Nora Berg",       "Ops",       "Planner",           "E1005", "2017-08-28", "1986-07-07", 59000],
  ["E1023", "Peter Kowalski",  "Sales",     "Account Executive", "E1002", "2016-12-05", "1984-01-25", 83000],
  ["E1024", "Yuki Tanaka",     "Marketing", "Content Writer",    "E1012", "2024-04-01", "2000-06-18", 48000],
  ["E1025", "Carlos Mendes",   "IT",        "Security Engineer", "E1003", "2018-09-10", "1989-12-12", 112000],
  ["E1026", "Fatima Zahra",    "Finance",   "Accountant",        "E1004", "2021-05-03", "1996-02-20", 62000],
  ["E1027", "Liam O'Brien",    "Ops",       "Driver",            "E1005", "2022-01-17", "1990-04-09", 43000],
  ["E1028", "Zoe Adams",       "Sales",     "Sales Rep",         "E1002", "2024-06-10", "2001-09-15", 50000],
  ["E1029", "Victor Petrov",   "IT",        "Developer",         "E1003", "2020-03-23", "1992-05-05", 86000],
  ["E1030", "Mei Wong",        "Marketing", "Analyst",           "E1012", "2023-11-13", "1997-01-31", 60000],
];

/** Employee ID and last day of the people who left. */
const LEAVERS: Leaver[] = [
  ["E1009", "2024-05-31"],
  ["E1015", "2023-12-15"],
  ["E1019", "2024-09-30"],
  ["E1023", "2022-06-30"],
  ["E1029", "2024-02-29"],
];

export const STAFF: readonly Employee[] = LINES.map(
  ([id, name, department, title, managerId, hired, born, salary]) => {
    const left = LEAVERS.find(([leaver]) => leaver === id)?.[1];
    return {
      id,
      name,
      department,
      title,
      managerId,
      hired: day(hired),
      born: born === null ? null : day(born),
      salary,
      status: left ? "Leaver" : "Active",
      left: left ? day(left) : null,
    };
  },
);

/** first.last@acme.com from the name, as the mail system made them. */
export function emailOf(name: string): string {
  return `${name.trim().toLowerCase().replace(/'/g, "").split(/\s+/).join(".")}@acme.com`;
}

export function buildHrRoster(): BuiltWorkbook {
  const rows: Cell[][] = [
    [...HR_HEADERS],
    ...STAFF.map((e) => [
      e.id,
      e.name,
      emailOf(e.name),
      e.department,
      e.title,
      e.managerId,
      e.hired,
      e.born,
      e.salary,
      e.status,
      e.left,
    ]),
  ];
  return build({
    name: "hr-roster",
    sheets: [
      { name: HR_SHEET, rows },
      { name: LOOKUP_SHEET, rows: [["Employee ID", LOOKUP_ID]] },
    ],
  });
}
