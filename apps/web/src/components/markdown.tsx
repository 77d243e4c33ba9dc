import Markdown from 'react-markdown';

/**
 * Curator Markdown rendered as React elements (server or client). react-markdown never renders
 * raw HTML unless a rehype-raw plugin is added (it is not, and `skipHtml` drops it), so a
 * description cannot inject markup or scripts; links are limited to http(s), mailto, anchors and
 * site paths.
 */
export function MarkdownText({ source }: { source: string }) {
  return (
    <div className="space-y-3 text-sm leading-6 text-slate-800 [&_a]:text-brand-700 [&_a]:underline [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-medium [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5">
      <Markdown skipHtml urlTransform={(url) => (/^(https?:|mailto:|#|\/)/i.test(url) ? url : '')}>
        {source}
      </Markdown>
    </div>
  );
}
