package dev.floe.agent.provider.aws;

import dev.floe.agent.provider.CatalogConnection;
import dev.floe.agent.provider.CatalogDatabases;
import dev.floe.agent.provider.CatalogSpec;
import dev.floe.agent.provider.ProviderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Catalog databases on the customer's PostgreSQL (the environment's catalog settings): one database per cluster,
 * created with the configured user, which needs CREATEDB. The password reference is {@code env:NAME} or
 * {@code file:/path}, resolved on the agent's host so the secret never passes through the control plane.
 */
final class AwsCatalogs implements CatalogDatabases {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]+)/([^?]*)(\\?.*)?");

    @Override
    public CatalogConnection ensure(CatalogSpec spec) {
        Admin admin = admin(spec);
        try (Connection connection = admin.connect();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, spec.database());
            boolean present;
            try (ResultSet rows = exists.executeQuery()) {
                present = rows.next();
            }
            if (!present) {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + spec.database());
                } catch (SQLException e) {
                    if (!"42P04".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new ProviderException("CatalogUnavailable", "catalog PostgreSQL " + admin.url + ": " + e.getMessage(),
                    true, e);
        }
        return new CatalogConnection(admin.urlFor(spec.database()), admin.user, admin.password);
    }

    @Override
    public void delete(CatalogSpec spec) {
        Admin admin = admin(spec);
        try (Connection connection = admin.connect(); Statement drop = connection.createStatement()) {
            drop.execute("DROP DATABASE IF EXISTS " + spec.database() + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new ProviderException("CatalogUnavailable", "catalog PostgreSQL " + admin.url + ": " + e.getMessage(),
                    true, e);
        }
    }

    private static Admin admin(CatalogSpec spec) {
        if (spec.settings() == null || spec.settings().jdbcUrl() == null || spec.settings().jdbcUrl().isBlank()) {
            throw new ProviderException("CatalogNotConfigured", "the environment has no catalog jdbcUrl: the aws "
                    + "provider needs a customer-provided PostgreSQL", false, null);
        }
        Matcher m = URL.matcher(spec.settings().jdbcUrl());
        if (!m.matches()) {
            throw new ProviderException("CatalogNotConfigured", "catalog jdbcUrl must look like "
                    + "jdbc:postgresql://host:port/database, was " + spec.settings().jdbcUrl(), false, null);
        }
        return new Admin(spec.settings().jdbcUrl(), m.group(1), m.group(3) == null ? "" : m.group(3),
                spec.settings().username(), resolve(spec.settings().passwordSecretRef()));
    }

    static String resolve(String ref) {
        if (ref == null || ref.isBlank()) {
            return "";
        }
        if (ref.startsWith("env:")) {
            String value = System.getenv(ref.substring(4));
            if (value == null) {
                throw new ProviderException("CatalogSecretMissing", "environment variable " + ref.substring(4)
                        + " (catalog password) is not set on the agent's host", false, null);
            }
            return value;
        }
        if (ref.startsWith("file:")) {
            try {
                return Files.readString(Path.of(ref.substring(5))).strip();
            } catch (IOException e) {
                throw new ProviderException("CatalogSecretMissing", "cannot read catalog password file "
                        + ref.substring(5), false, e);
            }
        }
        throw new ProviderException("CatalogSecretMissing", "passwordSecretRef must start with env: or file:", false,
                null);
    }

    private record Admin(String url, String server, String params, String user, String password) {

        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user == null ? "" : user, password);
        }

        String urlFor(String database) {
            return server + "/" + database + params;
        }
    }
}
