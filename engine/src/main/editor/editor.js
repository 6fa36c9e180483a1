// Roadlab's lab page editor: CodeMirror 6 with the languages lab files are written in. Built into one script
// (editor.min.js) that defines window.RoadlabEditor; app.js turns each code textarea into an editor with it.
import {EditorView, basicSetup} from "codemirror";
import {EditorState} from "@codemirror/state";
import {StreamLanguage} from "@codemirror/language";
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

// Replaces the textarea on screen with an editor that keeps the textarea's value in step, so the form submits
// what the editor holds exactly as it would submit the textarea.
function attach(textarea) {
  var view = new EditorView({
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        basicSetup,
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
  var holder = document.createElement("div");
  holder.className = "code-editor";
  holder.setAttribute("data-for", textarea.id);
  holder.appendChild(view.dom);
  textarea.parentNode.insertBefore(holder, textarea);
  textarea.hidden = true;
  return view;
}

window.RoadlabEditor = {attach: attach};
