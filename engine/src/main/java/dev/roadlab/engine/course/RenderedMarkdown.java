package dev.roadlab.engine.course;

import java.util.List;

/**
 * A Markdown document rendered once: the safe HTML plus what pages, search and the validator need from it.
 *
 * @param html        the body rendered to safe HTML (raw HTML escaped, URLs sanitized, course links resolved)
 * @param headings    every heading, in order, with the id its HTML carries
 * @param sections    the text under each level-2 and level-3 heading, for search
 * @param references  links and images as written, for the validator
 * @param words       words of prose and code, for the reading time
 */
public record RenderedMarkdown(String html, List<Heading> headings, List<Section> sections,
                               List<Reference> references, int words) {

    public RenderedMarkdown {
        headings = List.copyOf(headings);
        sections = List.copyOf(sections);
        references = List.copyOf(references);
    }
}
