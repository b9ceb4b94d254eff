import { createRoot } from "react-dom/client";
import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { App } from "./components/App";
import { addinServices } from "./services";

/**
 * Mounts the task pane. In Excel the page may also run hidden (custom functions start it), so
 * nothing here blocks the functions chunk. Outside Office (a plain browser, the browser tests)
 * office.js is absent and the pane renders with the light theme.
 */
function isDarkOfficeTheme(): boolean {
  try {
    const background = Office.context?.officeTheme?.bodyBackgroundColor;
    if (!background) return false;
    const value = parseInt(background.replace("#", ""), 16);
    const luminance = 0.299 * (value >> 16) + 0.587 * ((value >> 8) & 0xff) + 0.114 * (value & 0xff);
    return luminance < 128;
  } catch {
    return false;
  }
}

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

if (typeof Office !== "undefined" && typeof Office.onReady === "function") {
  Office.onReady(() => mount());
} else {
  mount();
}
