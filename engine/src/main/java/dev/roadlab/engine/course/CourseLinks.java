package dev.roadlab.engine.course;

/** Where course links point once mounted: rendering turns {@code module:}, {@code lab:} and image paths into URLs. */
public interface CourseLinks {

    String module(String id);

    String lab(String id);

    /** A file of the course folder, e.g. "images/btree.svg". */
    String courseFile(String path);
}
