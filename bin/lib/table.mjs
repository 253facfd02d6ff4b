// A leaderboard as an aligned text table (metrics as columns, mean over folds, TT = mean fit seconds).
const LABELS = { ACCURACY: 'Accuracy', RECALL: 'Recall', PRECISION: 'Prec.', KAPPA: 'Kappa' };

export function formatLeaderboard(board) {
  const metrics = board.rows[0]?.scores.map((s) => s.metric) ?? [];
  const header = ['#', 'Model', ...metrics.map((m) => LABELS[m] ?? m), 'TT (Sec)'];
  const lines = board.rows.map((r) => [
    String(r.rank),
    `${r.modelName} (${r.modelId})`,
    ...metrics.map((m) => r.scores.find((s) => s.metric === m)?.mean.toFixed(4) ?? '-'),
    r.fitSeconds.toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const pad = (cells) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [`sorted by ${LABELS[board.sortMetric] ?? board.sortMetric}`, pad(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(pad)].join('\n');
}
