import { registerRibbonCommands, ribbonCommandsAvailable } from "../host/excel/ribbon-commands";
import { addinReportServices } from "./report-services";

/**
 * Imported last by the functions bundle: associates the ribbon's ExecuteFunction commands, with the
 * add-in's own report services, when the page loads in Excel's shared runtime. Elsewhere (tests, a
 * plain browser) there is no Office.actions.
 */
if (ribbonCommandsAvailable()) registerRibbonCommands(() => addinReportServices());
