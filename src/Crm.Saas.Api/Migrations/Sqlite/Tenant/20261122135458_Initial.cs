using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Saas.Api.Migrations.Sqlite.Tenant
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "customers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    email_normalized = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    phone = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    birthday = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    tags = table.Column<string>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    consent_email = table.Column<bool>(type: "INTEGER", nullable: false),
                    consent_sms = table.Column<bool>(type: "INTEGER", nullable: false),
                    lifecycle_stage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    deleted_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    request_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status_code = table.Column<int>(type: "INTEGER", nullable: false),
                    response_body = table.Column<string>(type: "TEXT", nullable: true),
                    location = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    e_tag = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_records", x => x.key);
                });

            migrationBuilder.CreateIndex(
                name: "ix_customers_email_normalized",
                table: "customers",
                column: "email_normalized",
                unique: true,
                filter: "deleted_at IS NULL AND email_normalized IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_customers_updated_at_id",
                table: "customers",
                columns: new[] { "updated_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_records_expires_at",
                table: "idempotency_records",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "customers");

            migrationBuilder.DropTable(
                name: "idempotency_records");
        }
    }
}
