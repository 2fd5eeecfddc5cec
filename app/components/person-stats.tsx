/** A person's own numbers (app/services/person-stats.server.ts) as a compact list of labelled figures. */
export function StatsList({ stats, label }: { stats: { key: string; label: string; value: string }[]; label: string }) {
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-3">
      {stats.map((stat) => (
        <div key={stat.key} className="rounded-md border border-slate-200 bg-white px-3 py-2">
          <dt className="text-slate-600">{stat.label}</dt>
          <dd className="font-semibold tabular-nums">{stat.value}</dd>
        </div>
      ))}
    </dl>
  );
}
