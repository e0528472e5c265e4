package dev.floe.controlplane.api;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the problem details every error of the API uses, so they all look alike. */
public final class Problems {

    public static final String TYPE_PREFIX = "https://floe.dev/problems/";

    private Problems() {
    }

    public static URI type(String type) {
        return URI.create(TYPE_PREFIX + type);
    }

    public static ProblemDetail of(HttpStatusCode status, String type, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(type));
        if (field != null) {
            problem.setProperty("field", field);
            problem.setProperty("errors", List.of(Map.of("field", field, "message", detail)));
        }
        String requestId = MDC.get(RequestIdFilter.MDC_KEY);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        return problem;
    }
}
