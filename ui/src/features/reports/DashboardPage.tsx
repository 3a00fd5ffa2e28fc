import { BarChart } from "@mantine/charts";
import { Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconArrowsShuffle, IconFileSpreadsheet } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { commands, type Dashboard, type UserDto } from "../../bindings";
import { ConfirmModal } from "../../components/ConfirmModal";
import { QueryView } from "../../components/QueryView";
import { unwrap } from "../../lib/ipc";
import { useAction } from "../../lib/mutations";
import { queryKeys } from "../../lib/queryKeys";
import { chartData, formatDuration, weekBounds } from "./figures";
import { datedName, useCsvExport } from "./exportCsv";

/** Staff: where the desk stands. Customers: a summary of their own tickets. */
export function DashboardPage({ user }: { user: UserDto }) {
  const [dayBounds] = useState(weekBounds);
  const dashboard = useQuery({
    queryKey: queryKeys.dashboardFor(dayBounds),
    queryFn: () => unwrap(commands.getDashboard({ dayBounds })),
  });
  const exporter = useCsvExport(
    datedName("dashboard"),
    (path) => commands.exportDashboard({ request: { dayBounds }, path }),
    (count) => `${count} figures`,
  );
  const staff = user.role !== "customer";

  return (
    <Stack data-testid="dashboard">
      <Group justify="space-between">
        <Title order={2}>{staff ? "Dashboard" : "My summary"}</Title>
        <Group gap="xs">
          {user.role === "admin" && <RebalanceButton />}
          <Button
            variant="default"
            leftSection={<IconFileSpreadsheet size={16} />}
            loading={exporter.isPending}
            onClick={() => exporter.mutate()}
            data-testid="export-dashboard"
          >
            Export CSV
          </Button>
        </Group>
      </Group>
      <QueryView query={dashboard}>{(figures) => (staff ? <DeskFigures figures={figures} /> : <OwnSummary figures={figures} />)}</QueryView>
    </Stack>
  );
}

/** Admins: move Open tickets from overloaded agents to those with room, after a confirmation. */
function RebalanceButton() {
  const [opened, { open, close }] = useDisclosure(false);
  const rebalance = useAction({
    command: () => commands.rebalanceTickets(),
    invalidates: [queryKeys.dashboard, queryKeys.tickets],
    success: (moved) =>
      moved.length === 0
        ? "Nothing to move: no agent more than two above the average holds Open tickets."
        : {
            title: "Queues rebalanced",
            message: `Moved ${moved.length === 1 ? "1 Open ticket" : `${moved.length} Open tickets`} to agents with room.`,
          },
    failure: "Queues were not rebalanced",
    onSuccess: close,
  });
  return (
    <>
      <Button variant="default" leftSection={<IconArrowsShuffle size={16} />} onClick={open} data-testid="rebalance">
        Rebalance
      </Button>
      {opened && (
        <ConfirmModal
          title="Rebalance the queues?"
          confirmLabel="Rebalance"
          pending={rebalance.isPending}
          confirmTestId="confirm-rebalance"
          onConfirm={() => rebalance.mutate()}
          onClose={close}
        >
          <Text size="sm">
            Open tickets move, oldest first, from agents holding more than two above the average to agents below it. Work in progress stays where it
            is, and each move is recorded in the ticket&apos;s history.
          </Text>
        </ConfirmModal>
      )}
    </>
  );
}

function Stat({ label, value, hint, testId }: { label: string; value: string | number; hint?: string; testId: string }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700} data-testid={testId}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function ChartCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={3} size="h5" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

const tickets = [{ name: "tickets", label: "Tickets", color: "indigo.6" }];
/** Each bar carries its number (the charts' value labels stay empty without a formatter). */
const numbered = { withBarValueLabel: true, valueFormatter: (value: number) => value.toLocaleString() };

function DeskFigures({ figures }: { figures: Dashboard }) {
  const data = chartData(figures);
  return (
    <>
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Stat label="Active" value={data.active} hint="Open, in progress, on hold" testId="stat-active" />
        <Stat label="Unassigned" value={figures.unassigned} hint="Active, held by nobody" testId="stat-unassigned" />
        <Stat label="Average resolution" value={formatDuration(figures.averageResolutionMs)} hint="Filing to resolved" testId="stat-resolution" />
        <Stat label="Filed this week" value={data.filedThisWeek} testId="stat-filed" />
        <Stat label="Resolved this week" value={data.resolvedThisWeek} testId="stat-resolved" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <ChartCard title="Last 7 days: filed and resolved">
          <BarChart
            h={220}
            data={data.trend}
            dataKey="day"
            withLegend
            {...numbered}
            series={[
              { name: "created", label: "Filed", color: "blue.6" },
              { name: "resolved", label: "Resolved", color: "teal.6" },
            ]}
          />
        </ChartCard>
        <ChartCard title="All tickets by status">
          <BarChart h={220} data={data.byStatus} dataKey="label" series={tickets} {...numbered} />
        </ChartCard>
        <ChartCard title="Active tickets by priority">
          <BarChart h={220} data={data.byPriority} dataKey="priority" series={tickets} {...numbered} />
        </ChartCard>
        <ChartCard title="Active tickets by department">
          <BarChart
            h={Math.max(160, 36 * data.byDepartment.length)}
            data={data.byDepartment}
            dataKey="department"
            orientation="vertical"
            yAxisProps={{ width: 110 }}
            {...numbered}
            series={tickets}
          />
        </ChartCard>
      </SimpleGrid>
      <AgentTable figures={figures} />
    </>
  );
}

function AgentTable({ figures }: { figures: Dashboard }) {
  return (
    <ChartCard title="Agents">
      {figures.agents.length === 0 ? (
        <Text c="dimmed">No active agents yet.</Text>
      ) : (
        <Table striped data-testid="agent-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Agent</Table.Th>
              <Table.Th ta="right">Active now</Table.Th>
              <Table.Th ta="right">Assigned</Table.Th>
              <Table.Th ta="right">Resolved</Table.Th>
              <Table.Th ta="right">Average resolution</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {figures.agents.map((agent) => (
              <Table.Tr key={agent.id}>
                <Table.Td>{agent.name}</Table.Td>
                <Table.Td ta="right">{agent.load}</Table.Td>
                <Table.Td ta="right">{agent.assigned}</Table.Td>
                <Table.Td ta="right">{agent.resolved}</Table.Td>
                <Table.Td ta="right">{formatDuration(agent.averageResolutionMs)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </ChartCard>
  );
}

function OwnSummary({ figures }: { figures: Dashboard }) {
  const data = chartData(figures);
  return (
    <>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Stat label="Waiting on support" value={data.active} hint="Open, in progress, on hold" testId="stat-active" />
        {data.byStatus
          .filter((s) => s.status === "resolved" || s.status === "closed")
          .map((s) => (
            <Stat key={s.status} label={s.label} value={s.tickets} testId={`stat-${s.status}`} />
          ))}
        <Stat label="Average resolution" value={formatDuration(figures.averageResolutionMs)} hint="Filing to resolved" testId="stat-resolution" />
      </SimpleGrid>
      <ChartCard title="My tickets by status">
        <BarChart h={220} data={data.byStatus} dataKey="label" series={tickets} {...numbered} />
      </ChartCard>
    </>
  );
}
