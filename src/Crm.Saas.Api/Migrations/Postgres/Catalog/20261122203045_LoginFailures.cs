using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Saas.Api.Migrations.Postgres.Catalog
{
    /// <inheritdoc />
    public partial class LoginFailures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "login_failures",
                schema: "platform",
                columns: table => new
                {
                    subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    failures = table.Column<int>(type: "integer", nullable: false),
                    window_ends = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_login_failures", x => x.subject);
                });

            migrationBuilder.CreateIndex(
                name: "ix_login_failures_window_ends",
                schema: "platform",
                table: "login_failures",
                column: "window_ends");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "login_failures",
                schema: "platform");
        }
    }
}
