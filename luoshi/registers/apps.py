from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "luoshi.registers"
    label = "registers"
    verbose_name = "台账"
