/**
 * The CI whisker's look: a compact point-and-interval mark on a shared axis per column, so a
 * column of CIs reads at a glance. The board's rows write it as
 * `<span class="ci-whisker"><i style="left:…;width:…"></i><b style="left:…"></b></span>`
 * (board-rows-html.ts); the element holding the whiskers applies these classes once, so each
 * cell carries only two short style attributes.
 */
// A 96 × 10 px track with a grey axis line, the CI as a 3 px brand bar, the value as a 7 px dot.
export const WHISKER_STYLES = [
  '[&_.ci-whisker]:relative [&_.ci-whisker]:mt-1 [&_.ci-whisker]:ml-auto [&_.ci-whisker]:block [&_.ci-whisker]:h-2.5 [&_.ci-whisker]:w-24',
  "[&_.ci-whisker]:before:absolute [&_.ci-whisker]:before:inset-x-0 [&_.ci-whisker]:before:top-[4.5px] [&_.ci-whisker]:before:h-px [&_.ci-whisker]:before:bg-slate-200 [&_.ci-whisker]:before:content-['']",
  '[&_.ci-whisker_i]:absolute [&_.ci-whisker_i]:top-[3.5px] [&_.ci-whisker_i]:h-[3px] [&_.ci-whisker_i]:min-w-[3px] [&_.ci-whisker_i]:rounded-full [&_.ci-whisker_i]:bg-brand-500',
  '[&_.ci-whisker_b]:absolute [&_.ci-whisker_b]:top-[1.5px] [&_.ci-whisker_b]:-ml-[3.5px] [&_.ci-whisker_b]:size-[7px] [&_.ci-whisker_b]:rounded-full [&_.ci-whisker_b]:bg-brand-700',
].join(' ');
