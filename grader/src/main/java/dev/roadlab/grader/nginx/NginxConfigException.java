package dev.roadlab.grader.nginx;

/** nginx refused the configuration; the message is nginx's own ("... in /.../site.conf:3"). */
public class NginxConfigException extends RuntimeException {

    public NginxConfigException(String message) {
        super(message, null, false, false);
    }
}
