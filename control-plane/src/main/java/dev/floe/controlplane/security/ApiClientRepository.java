package dev.floe.controlplane.security;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ApiClientRepository extends JpaRepository<ApiClient, String> {
}
