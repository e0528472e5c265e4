package dev.floe.agent.provider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** How the agent reaches a cluster's catalog database. */
public record CatalogConnection(String jdbcUrl, String username, String password) {

    /** A short-lived connection with tight timeouts: the agent's catalog work must never hang on a sick database. */
    public Connection open() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", username == null ? "" : username);
        props.setProperty("password", password == null ? "" : password);
        props.setProperty("connectTimeout", "3");
        props.setProperty("socketTimeout", "5");
        return DriverManager.getConnection(jdbcUrl, props);
    }

    @Override
    public String toString() {
        return "CatalogConnection[" + jdbcUrl + ", user=" + username + "]";
    }
}
