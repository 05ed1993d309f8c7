// A TypeDoc plugin: sorts chatwire's exports into categories by the folder they are declared in, so the
// API reference reads by topic (Client, Requests, Messages...) without a `@category` tag on every export.
import { Comment, CommentTag, Converter, ReflectionKind } from "typedoc";

/** The category of each lib/ folder; text completions are picked out by name and listed last. */
const categoryOfFolder = {
  client: "Client",
  internal: "Client",
  transport: "Client",
  providers: "Providers and routing",
  router: "Providers and routing",
  redis: "Providers and routing",
  request: "Requests",
  messages: "Messages",
  streaming: "Streaming",
  errors: "Results and errors",
  schema: "Results and errors",
  response: "Results and errors",
  timing: "Timing",
  output: "Structured output",
  tools: "Tools",
  testing: "Testing",
  otel: "Telemetry",
  completions: "Text completions",
};
const textCompletion =
  /TextCompletion|^(newCompletionRequest|collectCompletionStream|CompletionRequest|CompletionBody|CompletionPrompt)$/;

/** @param {import("typedoc").Application} app */
export function load(app) {
  const folderOf = new Map();
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.parent?.kindOf(ReflectionKind.Module | ReflectionKind.Project)) return;
    let symbol = context.getSymbolFromReflection(reflection);
    // 2097152 is ts.SymbolFlags.Alias: a re-export, whose declaration is the original's.
    if (symbol !== undefined && symbol.flags & 2097152) symbol = context.checker.getAliasedSymbol(symbol);
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName ?? "";
    // neverthrow's Result types, re-exported beside chatwire's errors.
    const folder = file.includes("/node_modules/neverthrow/") ? "errors" : /\/lib\/([^/]+)\//.exec(file)?.[1];
    if (folder !== undefined) folderOf.set(reflection, folder);
  });
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, () => {
    for (const [reflection, folder] of folderOf) {
      const category = textCompletion.test(reflection.name) ? "Text completions" : categoryOfFolder[folder];
      if (category === undefined) continue;
      reflection.comment ??= new Comment();
      reflection.comment.blockTags.push(new CommentTag("@category", [{ kind: "text", text: category }]));
    }
  });
}
