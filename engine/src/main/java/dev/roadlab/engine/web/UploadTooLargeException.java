package dev.roadlab.engine.web;

/** An upload bigger than Roadlab accepts for any submission (refused before it is read). */
final class UploadTooLargeException extends RuntimeException {

    UploadTooLargeException(String message) {
        super(message);
    }
}
