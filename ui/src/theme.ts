import { Badge, createTheme } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "indigo",
  defaultRadius: "md",
  fontFamily: "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  headings: { fontWeight: "650" },
  components: {
    // Badges carry short labels (status, role): never cut them off when a table column is tight.
    Badge: Badge.extend({ styles: { root: { flexShrink: 0, overflow: "visible" }, label: { overflow: "visible" } } }),
  },
});
