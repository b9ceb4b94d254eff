import { Badge, makeStyles, Tab, TabList, Tooltip, tokens } from "@fluentui/react-components";
import { VIEWS, type ViewId } from "../views/view-props";
import { VIEW_PARTS } from "../views/view-registry";

/**
 * The tab list: one row at any pane width. Below 440 px only the selected tab shows its label and
 * the others are icons with a tooltip (as Office's own narrow panes do), so seven tabs still fit
 * in Excel's default 320 px pane. A tab whose view is working shows a dot and says so to screen readers.
 */
const useStyles = makeStyles({
  list: { flexWrap: "nowrap", overflowX: "hidden" },
  tab: { minWidth: 0, paddingInline: tokens.spacingHorizontalSNudge },
  label: {
    "@media (max-width: 439px)": { display: "none" },
  },
  iconWrap: { position: "relative", display: "inline-flex" },
  badge: { position: "absolute", top: "-3px", right: "-5px" },
});

export function ViewTabs(props: {
  view: ViewId;
  running: ReadonlySet<ViewId>;
  onSelect: (view: ViewId) => void;
}) {
  const styles = useStyles();
  return (
    <TabList
      className={styles.list}
      size="small"
      selectedValue={props.view}
      onTabSelect={(_event, data) => props.onSelect(data.value as ViewId)}
      aria-label="Assistant views"
    >
      {VIEWS.map((item) => {
        const selected = item.id === props.view;
        const running = props.running.has(item.id);
        const name = running ? `${item.label} (working)` : item.label;
        const icon = (
          <span className={styles.iconWrap}>
            {VIEW_PARTS[item.id].icon}
            {running && (
              <Badge
                className={styles.badge}
                size="extra-small"
                color="brand"
                data-testid={`tab-${item.id}-running`}
              />
            )}
          </span>
        );
        const tab = (
          <Tab
            key={item.id}
            value={item.id}
            className={styles.tab}
            icon={icon}
            aria-label={name}
            data-testid={`tab-${item.id}`}
          >
            <span className={selected ? undefined : styles.label}>{item.label}</span>
          </Tab>
        );
        return selected ? (
          tab
        ) : (
          <Tooltip key={item.id} content={name} relationship="description" withArrow>
            {tab}
          </Tooltip>
        );
      })}
    </TabList>
  );
}
