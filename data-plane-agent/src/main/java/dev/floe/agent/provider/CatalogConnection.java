package dev.floe.agent.provider;

public record CatalogConnection(String jdbcUrl, String username, String password) {

    @Override
    public String toString() {
        return "CatalogConnection[" + jdbcUrl + ", user=" + username + "]";
    }
}
