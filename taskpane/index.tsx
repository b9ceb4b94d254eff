import { createRoot } from "react-dom/client";
import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { App } from "./components/App";
import { addinServices } from "./services";
import { isDarkOfficeTheme, whenOfficeReady } from "../src/host/excel/office-page";

/**
 * Mounts the task pane. In Excel the page may also run hidden (custom functions start it), so
 * nothing here blocks the functions chunk. Outside Office (a plain browser, the browser tests)
 * office.js is absent and the pane renders with the light theme.
 */
function mount(): void {
  const container = document.getElementById("container");
  if (!container) return;
  const forcedTheme = new URLSearchParams(location.search).get("theme");
  const dark = forcedTheme ? forcedTheme === "dark" : isDarkOfficeTheme();
  createRoot(container).render(
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme} style={{ minHeight: "100vh" }}>
      <App services={addinServices} />
    </FluentProvider>,
  );
}

whenOfficeReady(mount);
