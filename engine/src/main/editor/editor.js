// Roadlab's lab page editor: CodeMirror 6 with the languages lab files are written in. Built into one script
// (editor.min.js) that defines window.RoadlabEditor; app.js turns each code textarea into an editor with it.
import {EditorView, basicSetup} from "codemirror";
import {EditorState} from "@codemirror/state";
import {StreamLanguage, HighlightStyle, syntaxHighlighting} from "@codemirror/language";
import {tags} from "@lezer/highlight";
import {sql, PostgreSQL} from "@codemirror/lang-sql";
import {json} from "@codemirror/lang-json";
import {yaml} from "@codemirror/lang-yaml";
import {lua} from "@codemirror/legacy-modes/mode/lua";
import {nginx} from "@codemirror/legacy-modes/mode/nginx";

function language(name) {
  switch (name) {
    case "sql": return [sql({dialect: PostgreSQL})];
    case "json": return [json()];
    case "yaml": return [yaml()];
    case "lua": return [StreamLanguage.define(lua)];
    case "nginx": return [StreamLanguage.define(nginx)];
    default: return [];
  }
}

// Colours from the page's own custom properties (they inherit into the shadow root), so both themes apply.
var pageTheme = EditorView.theme({
  "&": {color: "var(--fg)", backgroundColor: "var(--code-bg)", maxHeight: "28rem", fontSize: ".85rem"},
  ".cm-scroller": {fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", overflow: "auto"},
  ".cm-gutters": {backgroundColor: "var(--bg-soft)", color: "var(--fg-soft)", borderRight: "1px solid var(--border)"},
  ".cm-activeLine, .cm-activeLineGutter": {backgroundColor: "transparent"},
  ".cm-cursor": {borderLeftColor: "var(--fg)"},
  "&.cm-focused": {outline: "2px solid var(--accent)"}
});

// Code colours are the page's own (the same custom properties highlight.js uses in the text), so the editor meets
// the same contrast in the light and the dark theme; basicSetup's default style stays only as a fallback.
var pageHighlight = HighlightStyle.define([
  {tag: [tags.keyword, tags.operatorKeyword, tags.modifier, tags.controlKeyword, tags.definitionKeyword],
    color: "var(--code-keyword)"},
  {tag: [tags.string, tags.special(tags.string), tags.regexp], color: "var(--code-string)"},
  {tag: [tags.number, tags.bool, tags.null, tags.atom], color: "var(--code-number)"},
  {tag: [tags.comment, tags.lineComment, tags.blockComment], color: "var(--code-comment)", fontStyle: "italic"},
  {tag: [tags.function(tags.variableName), tags.definition(tags.variableName)], color: "var(--code-title)"},
  {tag: [tags.typeName, tags.className, tags.standard(tags.name)], color: "var(--code-type)"},
  {tag: [tags.propertyName, tags.attributeName], color: "var(--code-attr)"},
  {tag: [tags.meta, tags.processingInstruction], color: "var(--code-meta)"}
]);

// Replaces the textarea on screen with an editor that keeps the textarea's value in step, so the form submits
// what the editor holds exactly as it would submit the textarea. The editor lives in a shadow root: there
// CodeMirror's generated styles go into a constructed style sheet, which a style-src 'self' policy allows (in the
// document itself it would add a <style> element, which that policy blocks).
function attach(textarea) {
  var holder = document.createElement("div");
  holder.className = "code-editor";
  holder.setAttribute("data-for", textarea.id);
  var shadow = holder.attachShadow({mode: "open"});
  var view = new EditorView({
    root: shadow,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        basicSetup,
        pageTheme,
        syntaxHighlighting(pageHighlight),
        language(textarea.getAttribute("data-language")),
        EditorView.contentAttributes.of({"aria-label": "Edit " + (textarea.labels && textarea.labels[0]
          ? textarea.labels[0].textContent : "file")}),
        EditorView.updateListener.of(function (update) {
          if (update.docChanged) {
            textarea.value = update.state.doc.toString();
          }
        })
      ]
    })
  });
  shadow.appendChild(view.dom);
  textarea.parentNode.insertBefore(holder, textarea);
  textarea.hidden = true;
  return view;
}

window.RoadlabEditor = {attach: attach};
