import { emailOf, HR_SHEET as sheet, LOOKUP_ID, STAFF, type Employee } from "../workbooks/hr-roster";
import { day } from "../workbooks/workbook";
import { fill, value, type EvalCase } from "./case";
import { average, excelProper, excelTrim, rank, same, sum, wholeYears, workdays } from "./excel-semantics";

const workbook = "hr-roster";
const FIRST = 2;
const CELL = "L2";
const where = (test: (e: Employee) => boolean) => STAFF.filter(test);
const salaries = (people: readonly Employee[]) => people.map((e) => e.salary);

export const HR_CASES: EvalCase[] = [
  {
    id: "hr-01",
    workbook,
    sheet,
    ask: "How many active people work in IT?",
    goodPlan: {
      kind: "aggregate",
      function: "count",
      criteria: [
        { column: "Department", operator: "equals", value: "IT" },
        { column: "Status", operator: "equals", value: "Active" },
      ],
    },
    expected: value(where((e) => e.department === "IT" && e.status === "Active").length),
  },
  {
    id: "hr-02",
    workbook,
    sheet,
    ask: "Average salary in the Sales department",
    goodPlan: {
      kind: "aggregate",
      function: "average",
      valueColumn: "Salary",
      criteria: [{ column: "Department", operator: "equals", value: "Sales" }],
    },
    // AVERAGEIFS skips John Smith's salary, typed as text.
    expected: value(average(salaries(where((e) => e.department === "Sales")))),
  },
  {
    id: "hr-03",
    workbook,
    sheet,
    ask: "Total salary of people hired from 2020 to 2022",
    goodPlan: {
      kind: "aggregate",
      function: "sum",
      valueColumn: "Salary",
      criteria: [{ column: "Hire Date", operator: "between", value: "2020-01-01", valueTo: "2022-12-31" }],
    },
    expected: value(
      sum(salaries(where((e) => e.hired >= day("2020-01-01") && e.hired <= day("2022-12-31")))),
    ),
  },
  {
    id: "hr-04",
    workbook,
    sheet,
    ask: "How many people have no leave date?",
    goodPlan: {
      kind: "aggregate",
      function: "count",
      criteria: [{ column: "Leave Date", operator: "is_blank" }],
    },
    expected: value(where((e) => e.left === null).length),
  },
  {
    id: "hr-05",
    workbook,
    sheet,
    ask: "Full name of the employee whose ID I type in Lookup!B1",
    goodPlan: {
      kind: "lookup",
      lookupCell: "Lookup!B1",
      matchColumn: "Employee ID",
      returnColumn: "Full Name",
    },
    expected: value(STAFF.find((e) => e.id === LOOKUP_ID)?.name ?? null),
  },
  {
    id: "hr-06",
    workbook,
    sheet,
    ask: "Department of employee E9999, or Not found",
    goodPlan: {
      kind: "lookup",
      lookupValue: "E9999",
      matchColumn: "Employee ID",
      returnColumn: "Department",
      ifNotFound: "Not found",
    },
    expected: value("Not found"),
  },
  {
    id: "hr-07",
    workbook,
    sheet,
    ask: "Full names without the extra spaces",
    cell: CELL,
    goodPlan: { kind: "text", operation: "trim", columns: ["Full Name"] },
    expected: fill(STAFF, FIRST, [0, 1, 4], (e) => excelTrim(e.name)),
  },
  {
    id: "hr-08",
    workbook,
    sheet,
    ask: "Full names with each word capitalised",
    cell: CELL,
    goodPlan: { kind: "text", operation: "proper", columns: ["Full Name"] },
    expected: fill(STAFF, FIRST, [0, 6, 26], (e) => excelProper(e.name)),
  },
  {
    id: "hr-09",
    workbook,
    sheet,
    ask: "User name: the part of the email before the @",
    cell: CELL,
    goodPlan: { kind: "text", operation: "before", columns: ["Email"], delimiter: "@" },
    expected: fill(STAFF, FIRST, [0, 1, 26], (e) => emailOf(e.name).split("@")[0] ?? ""),
  },
  {
    id: "hr-10",
    workbook,
    sheet,
    ask: "Each person's age on 30 June 2025",
    cell: CELL,
    goodPlan: { kind: "date", operation: "years_between", column: "Birth Date", endDate: "2025-06-30" },
    expected: fill(STAFF, FIRST, [0, 2, 15], (e) => (e.born ? wholeYears(e.born, day("2025-06-30")) : "")),
  },
  {
    id: "hr-11",
    workbook,
    sheet,
    ask: "Working days from hire date to leave date",
    cell: CELL,
    goodPlan: { kind: "date", operation: "workdays_between", column: "Hire Date", endColumn: "Leave Date" },
    expected: fill(STAFF, FIRST, [0, 8, 14], (e) => (e.left ? workdays(e.hired, e.left) : "")),
  },
  {
    id: "hr-12",
    workbook,
    sheet,
    ask: "Salary band: C from 90,000, B from 60,000, otherwise A",
    cell: CELL,
    goodPlan: {
      kind: "condition",
      rules: [
        { column: "Salary", operator: "at_least", value: 90000, result: "C" },
        { column: "Salary", operator: "at_least", value: 60000, result: "B" },
      ],
      otherwise: "A",
    },
    // Row 8's salary is text, which Excel's >= ranks above every number: that row is left out.
    expected: fill(STAFF, FIRST, [0, 5, 12, 14], (e) => {
      const salary = Number(e.salary);
      return salary >= 90000 ? "C" : salary >= 60000 ? "B" : "A";
    }),
  },
  {
    id: "hr-13",
    workbook,
    sheet,
    ask: "Rank employees by salary, highest first",
    cell: CELL,
    goodPlan: { kind: "rank", valueColumn: "Salary", order: "largest" },
    expected: fill(STAFF, FIRST, [0, 1, 13, 29], (e) => rank(Number(e.salary), salaries(STAFF), true)),
  },
  {
    id: "hr-14",
    workbook,
    sheet,
    ask: "Department and title together, like IT - Developer",
    cell: CELL,
    goodPlan: { kind: "text", operation: "join", columns: ["Department", "Title"], delimiter: " - " },
    // TEXTJOIN skips the blank Department of row 17.
    expected: fill(STAFF, FIRST, [0, 7, 15], (e) => [e.department, e.title].filter((p) => p).join(" - ")),
  },
  {
    id: "hr-15",
    workbook,
    sheet,
    ask: "The year each person was hired",
    cell: CELL,
    goodPlan: { kind: "date", operation: "year", column: "Hire Date" },
    expected: fill(STAFF, FIRST, [0, 1, 29], (e) => e.hired.getUTCFullYear()),
  },
  {
    id: "hr-16",
    workbook,
    sheet,
    ask: "Name of each employee's manager",
    cell: CELL,
    goodPlan: {
      kind: "lookup",
      lookupColumn: "Manager ID",
      matchColumn: "Employee ID",
      returnColumn: "Full Name",
      ifNotFound: "",
    },
    expected: fill(STAFF, FIRST, [0, 1, 5, 19], (e) => STAFF.find((m) => m.id === e.managerId)?.name ?? ""),
  },
  {
    id: "hr-17",
    workbook,
    sheet,
    ask: "Total salary of the people who left",
    goodPlan: {
      kind: "aggregate",
      function: "sum",
      valueColumn: "Salary",
      criteria: [{ column: "Status", operator: "equals", value: "Leaver" }],
    },
    expected: value(sum(salaries(where((e) => same(e.status, "Leaver"))))),
  },
];
