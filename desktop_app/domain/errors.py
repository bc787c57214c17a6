"""Errors that carry a user-facing Chinese message."""


class UserError(Exception):
    """A refusal caused by the user's input or action; ``str()`` is the Chinese message."""


class ValidationError(UserError):
    """Invalid input for one named field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}:{message}")
        self.field = field
        self.message = message


class LockedError(UserError):
    """The record is signed off (销号) and must be re-opened before it changes."""


_OS_ERROR_REASONS = {
    "EACCES": "没有权限",
    "EPERM": "没有权限",
    "ENOENT": "文件或文件夹不存在",
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "磁盘空间不足(超出配额)",
    "EROFS": "磁盘只读",
    "EISDIR": "这是一个文件夹",
    "ENOTDIR": "路径中有一级不是文件夹",
    "EEXIST": "已存在同名文件",
    "ENAMETOOLONG": "文件名太长",
    "EIO": "读写磁盘出错",
}


def os_error_reason(exc: OSError) -> str:
    """Why a file operation failed, in Chinese (the system's text when it has no name here)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_ERROR_REASONS.get(name) or exc.strerror or exc.__class__.__name__
