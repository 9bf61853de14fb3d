'use client';

import { MOOD_MAX, MOOD_MIN, type MoodPoint } from '../model';
import { formatDay } from './dates';

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 36, right: 16, top: 14, bottom: 30 };
const GRID = [1, 4, 7, 10];
const DAY_MS = 24 * 60 * 60 * 1000;

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** What the chart shows, in words: how many days, the average, the lowest and highest, and the latest. */
export function moodSummary(points: MoodPoint[]): string {
  if (points.length === 0) return 'No moods recorded in this range.';
  const average = points.reduce((sum, point) => sum + point.mood, 0) / points.length;
  const lowest = points.reduce((low, point) => (point.mood < low.mood ? point : low));
  const highest = points.reduce((high, point) => (point.mood > high.mood ? point : high));
  const latest = points[points.length - 1];
  const days = `${points.length} ${points.length === 1 ? 'day' : 'days'} with a mood`;
  if (points.length === 1) return `${days}: ${latest.mood} on ${formatDay(latest.date)}.`;
  return `${days}, averaging ${average.toFixed(1)}. Lowest ${lowest.mood} on ${formatDay(lowest.date)}; highest ${highest.mood} on ${formatDay(highest.date)}; latest ${latest.mood} on ${formatDay(latest.date)}.`;
}

/**
 * Mood over time as an SVG chart (an image with a title, described by the caption in words), and the same figures as a
 * table behind a disclosure, for screen readers and for anyone who prefers numbers. Styled with classes only (no inline
 * styles, which the CSP forbids). A client component so that the page carries the points once, as data, rather than
 * every circle and table row twice.
 */
export function MoodChart({ points, from, to }: { points: MoodPoint[]; from: string; to: string }) {
  const first = dayNumber(from);
  const span = Math.max(1, dayNumber(to) - first);
  // Coordinates to a tenth of a unit: finer is invisible, and only makes the page heavier.
  const x = (date: string) => Math.round((PAD.left + ((dayNumber(date) - first) / span) * (WIDTH - PAD.left - PAD.right)) * 10) / 10;
  const y = (mood: number) => Math.round((PAD.top + ((MOOD_MAX - mood) / (MOOD_MAX - MOOD_MIN)) * (HEIGHT - PAD.top - PAD.bottom)) * 10) / 10;
  const title = `Mood from ${formatDay(from)} to ${formatDay(to)}`;
  const summary = moodSummary(points);
  return (
    <figure className="space-y-3">
      {points.length === 0 ? (
        <p className="text-stone-700">{summary} Give an entry a mood to see it here.</p>
      ) : (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="mood-chart-title" aria-describedby="mood-chart-summary" className="h-auto w-full" preserveAspectRatio="xMidYMid meet">
          <title id="mood-chart-title">{title}</title>
          {GRID.map((mood) => (
            <g key={mood}>
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(mood)} y2={y(mood)} className="stroke-stone-200" strokeWidth={1} />
              <text x={PAD.left - 8} y={y(mood) + 4} textAnchor="end" className="fill-stone-600 text-[11px]">
                {mood}
              </text>
            </g>
          ))}
          <text x={PAD.left} y={HEIGHT - 8} className="fill-stone-600 text-[11px]">
            {formatDay(from)}
          </text>
          <text x={WIDTH - PAD.right} y={HEIGHT - 8} textAnchor="end" className="fill-stone-600 text-[11px]">
            {formatDay(to)}
          </text>
          {points.length > 1 && (
            <polyline points={points.map((point) => `${x(point.date)},${y(point.mood)}`).join(' ')} className="fill-none stroke-hearth-600" strokeWidth={2} strokeLinejoin="round" />
          )}
          {points.map((point) => (
            <circle key={point.date} cx={x(point.date)} cy={y(point.mood)} r={4} className="fill-hearth-700" />
          ))}
        </svg>
      )}
      {points.length > 0 && (
        <figcaption id="mood-chart-summary" className="text-sm text-stone-600">
          {summary}
        </figcaption>
      )}
      {points.length > 0 && (
        <details className="rounded-lg bg-stone-50 p-3 ring-1 ring-stone-200">
          <summary className="min-h-11 cursor-pointer py-2 font-medium text-stone-900">Show the moods as a table</summary>
          <table className="mt-2 w-full text-left text-sm [&_td]:py-1 [&_th]:py-1 [&_th]:pr-3 [&_td:first-of-type]:pr-3 [&_tbody_th]:font-normal [&_tbody_tr]:border-b [&_tbody_tr]:border-stone-100">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr className="border-b border-stone-300">
                <th scope="col" className="font-semibold">
                  Date
                </th>
                <th scope="col" className="font-semibold">
                  Mood (1 to 10)
                </th>
                <th scope="col" className="font-semibold">
                  Entries with a mood
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((point) => (
                <tr key={point.date}>
                  <th scope="row">{formatDay(point.date)}</th>
                  <td>{point.mood}</td>
                  <td>{point.entries}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}
