// The board read model's shapes (board-backend's DTOs in @medrank/db), re-exported so the
// feature's components import them from one place.
export type {
  BoardColumn,
  BoardHistory,
  BoardHistoryPoint,
  BoardQuery,
  BoardRescore,
  BoardRow,
  BoardRowKind,
  BoardScore,
  BoardSortDirection,
  BoardTab,
  BoardView,
  BoardViewer,
  BreakdownTable,
  CategoryTree,
  EntryView,
  ModelView,
} from '@medrank/db';
