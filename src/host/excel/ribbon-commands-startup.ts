import { registerRibbonCommands } from "./ribbon-commands";

/**
 * Imported last by the functions bundle: associates the ribbon's ExecuteFunction commands when the
 * page loads in Excel's shared runtime. Elsewhere (tests, a plain browser) there is no Office.actions.
 */
if (typeof Office !== "undefined" && Office.actions) registerRibbonCommands();
