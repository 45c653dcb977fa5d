#compdef testudo
# zsh completion for testudo: commands, then the options every command shares.
_testudo() {
  local -a commands
  commands=(
    'init:write testudo.toml and create the migrations folder'
    'init-db:create the tables and the version table as migration 0'
    'migrate:write the next migration from the models'"'"' changes'
    'upgrade:apply pending migrations'
    'downgrade:revert applied migrations'
    'heads:list migrations not applied yet'
    'history:list every migration'
    'resolve:record how a failed migration ended'
    'schema:print the CREATE statements of the models'
    'ping:connect and print the server version'
    'lint:flag risky changes in pending migrations'
    'drift:compare the database with its applied migrations'
    'inspectdb:print models for the tables of an existing database'
  )
  _arguments -C \
    '(-c --config)'{-c,--config}'[configuration file]:file:_files' \
    '--app[app label]:app:' \
    '--db-url[database URL]:url:' \
    '--models[models library or describe JSON]:file:_files' \
    '--location[migrations folder]:dir:_files -/' \
    '--json[print one JSON document]' \
    '*-v[more output]' '*-q[less output]' \
    '1:command:->command' '*::arg:->args'
  case $state in
    command) _describe 'testudo command' commands ;;
    args) _files ;;
  esac
}
_testudo "$@"
